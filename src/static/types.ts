// The rule contract, shaped like an ESLint rule: a module exports `meta` and `create(context)`, which returns
// visitors keyed by tree-sitter node type. The engine walks each declaration once and calls them.

import type { PatternId, Severity } from '../model/index.js';
import type { GoNode } from './go/ast.js';
import type { GoVersion } from './go/gomod.js';
import type { GoFile } from './go/parser.js';
import type { ChannelFacts } from './facts/channels.js';
import type { FieldFacts } from './facts/fields.js';
import type { GoPackage } from './facts/package.js';

export interface RuleMeta {
  id: PatternId;
  title: string;
  severity: Severity;
  /** Why the pattern leaks goroutines (shown with each finding). */
  explanation: string;
  fix: string;
  /** Doc page, relative to the repository root. */
  docs: string;
  /**
   * Text that must occur in a declaration for the rule to have anything to say. The engine skips parsing files
   * and copying declarations that match no enabled rule's trigger, so this must be a true necessary condition.
   */
  triggers: RegExp;
  /** Whether the rule has anything to say under a module's `go` version (default: always). */
  appliesTo?: (goVersion: GoVersion) => boolean;
  /**
   * An extra trigger computed from all of a package's sources (e.g. the names of its channel fields), for rules
   * whose necessary text depends on declarations elsewhere in the package. Null when there is none.
   */
  packageTrigger?: (sources: readonly string[]) => RegExp | null;
}

export type RuleVisitors = Partial<Record<string, (node: GoNode) => void>>;

export interface RuleReport {
  /** The blocking operation (or the construct at fault). */
  node: GoNode;
  message: string;
  /** The go statement that started the goroutine that leaks, when relevant. */
  createdAt?: GoNode | null;
  /** Overrides `meta.severity` for this finding. */
  severity?: Severity;
  /** Where the other goroutines of this leak block (the other Lock callers, the Wait): SARIF relatedLocations. */
  related?: readonly { node: GoNode; message: string }[];
}

export interface RuleContext {
  readonly file: GoFile;
  readonly pkg: GoPackage;
  readonly goVersion: GoVersion;
  readonly chans: ChannelFacts;
  readonly fields: FieldFacts;
  report(r: RuleReport): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  create(context: RuleContext): RuleVisitors;
}
