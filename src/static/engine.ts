// Runs the rules over one package's sources: pre-filter, parse, walk each interesting declaration once with every
// rule's visitors, turn reports into `Finding`s, apply `//goroutine-guard:ignore` comments. Pure apart from the
// parser it is handed: no file system, no clock.

import { createHash } from 'node:crypto';
import type { Finding, SourceLocation } from '../model/index.js';
import { child, enclosingFunc, text, walk, type GoNode } from './go/ast.js';
import type { GoVersion } from './go/gomod.js';
import type { Decl, GoFile, GoParser } from './go/parser.js';
import { findSuppressions, isGenerated, type Suppression } from './go/source.js';
import { ChannelFacts } from './facts/channels.js';
import { FieldFacts } from './facts/fields.js';
import { GoPackage } from './facts/package.js';
import type { Rule, RuleContext, RuleReport, RuleVisitors } from './types.js';

export interface SourceInput {
  /** Path as reported in findings. */
  path: string;
  source: string;
}

export interface EngineSettings {
  rules: readonly Rule[];
  goVersion: GoVersion;
  /** Import path of the package, for function names in findings (`net/http.(*Server).Serve`). */
  importPath: string | null;
  includeGenerated: boolean;
}

export interface PackageResult {
  findings: Finding[];
  warnings: string[];
  /** Files considered (generated files skipped by default are not counted). */
  files: number;
  /** Lines in those files. */
  lines: number;
}

/** Union of the rules' triggers: a file or declaration matching none of them cannot produce a finding. */
export function triggerOf(rules: readonly Rule[], extra: ReadonlyMap<Rule, RegExp> = new Map()): RegExp {
  return new RegExp(rules.map((r) => `(?:${ruleTrigger(r, extra).source})`).join('|'));
}

function ruleTrigger(rule: Rule, extra: ReadonlyMap<Rule, RegExp>): RegExp {
  const more = extra.get(rule);
  return more ? new RegExp(`(?:${rule.meta.triggers.source})|(?:${more.source})`) : rule.meta.triggers;
}

export function analyzePackage(
  inputs: readonly SourceInput[],
  settings: EngineSettings,
  parser: GoParser,
): PackageResult {
  const result: PackageResult = { findings: [], warnings: [], files: 0, lines: 0 };
  const rules = settings.rules.filter((r) => r.meta.appliesTo?.(settings.goVersion) ?? true);
  const sources = inputs.map((i) => i.source);
  const extra = new Map<Rule, RegExp>();
  for (const r of rules) {
    const t = r.meta.packageTrigger?.(sources);
    if (t) extra.set(r, t);
  }
  const trigger = rules.length > 0 ? triggerOf(rules, extra) : null;
  const parsed: GoFile[] = [];
  try {
    for (const input of inputs) {
      if (!settings.includeGenerated && isGenerated(input.source)) continue;
      result.files++;
      result.lines += countLines(input.source);
      if (!trigger?.test(input.source)) continue;
      const file = parser.parse(input.path, input.source);
      if (file.syntaxErrorLine !== null) {
        result.warnings.push(`${input.path}:${file.syntaxErrorLine}: syntax error; file skipped`);
        file.dispose();
        continue;
      }
      parsed.push(file);
    }
    // `package x` and its external test package `x_test` share a directory but not a scope.
    const byName = new Map<string, GoFile[]>();
    for (const f of parsed) byName.set(f.packageName, [...(byName.get(f.packageName) ?? []), f]);
    for (const [name, files] of byName) {
      const importPath =
        name === 'main'
          ? 'main'
          : name.endsWith('_test')
            ? `${settings.importPath ?? name}_test`
            : (settings.importPath ?? name);
      const pkg = new GoPackage(files, importPath, settings.goVersion);
      result.findings.push(...runRules(pkg, rules, extra));
    }
  } finally {
    for (const f of parsed) f.dispose();
  }
  return result;
}

function runRules(pkg: GoPackage, rules: readonly Rule[], extra: ReadonlyMap<Rule, RegExp>): Finding[] {
  const chans = new ChannelFacts(pkg);
  const fields = new FieldFacts(pkg);
  const triggers = new Map(rules.map((r) => [r, ruleTrigger(r, extra)]));
  const findings: Finding[] = [];
  const suppressionCache = new Map<GoFile, Suppression[]>();
  // A callee reached from several channels of the package reports the same operation once.
  const reported = new Set<string>();
  const suppressionsOf = (f: GoFile): Suppression[] => {
    let s = suppressionCache.get(f);
    if (!s) {
      s = findSuppressions(f.src.text, (o) => f.src.position(o));
      suppressionCache.set(f, s);
    }
    return s;
  };
  for (const file of pkg.files) {
    const reports: { rule: Rule; report: RuleReport }[] = [];
    const perRule = rules.map((rule) => {
      const ctx: RuleContext = {
        file,
        pkg,
        goVersion: pkg.goVersion,
        chans,
        fields,
        report: (report) => reports.push({ rule, report }),
      };
      return { rule, visitors: rule.create(ctx) };
    });
    for (const decl of file.decls) {
      if (decl.kind !== 'func' && decl.kind !== 'method' && decl.kind !== 'var') continue;
      const body = file.src.text.slice(decl.start, decl.end);
      const active = perRule.filter((r) => triggers.get(r.rule)!.test(body));
      if (active.length === 0) continue;
      visit(
        pkg.nodeOf(decl),
        active.map((a) => a.visitors),
      );
    }
    const seen = new Map<string, number>();
    for (const { rule, report } of reports) {
      const at = `${rule.meta.id}|${report.node.start}|${report.node.src.length}|${pkg.fileOf(report.node)?.path ?? ''}`;
      if (reported.has(at)) continue;
      reported.add(at);
      const f = toFinding(pkg, file, rule, report, seen);
      const sups = suppressionsOf(pkg.fileOf(report.node) ?? file);
      if (!isSuppressed(f, report.node, pkg, sups)) findings.push(f);
    }
  }
  return findings;
}

function visit(root: GoNode, visitors: RuleVisitors[]): void {
  walk(root, (n) => {
    for (const v of visitors) v[n.type]?.(n);
  });
}

function toFinding(pkg: GoPackage, file: GoFile, rule: Rule, r: RuleReport, seen: Map<string, number>): Finding {
  const location = locate(pkg, file, r.node);
  // A report may point into another file of the package (a send inside a callee): excerpt from that file.
  const at = pkg.fileOf(r.node) ?? file;
  const finding: Finding = {
    origin: 'static',
    ruleId: rule.meta.id,
    title: rule.meta.title,
    message: r.message,
    severity: r.severity ?? rule.meta.severity,
    location,
    fix: rule.meta.fix,
    explanation: rule.meta.explanation,
    excerpt: at.src.excerpt(location.line),
  };
  if (r.createdAt) finding.createdAt = locate(pkg, file, r.createdAt);
  if (r.related?.length) finding.related = r.related.map((x) => ({ ...locate(pkg, file, x.node), message: x.message }));
  // Stable across edits elsewhere in the file: no line numbers, only the rule, place and statement text.
  const key = `${rule.meta.id}|${at.path}|${location.func ?? ''}|${at.src.line(location.line).trim()}`;
  const n = seen.get(key) ?? 0;
  seen.set(key, n + 1);
  finding.fingerprint = createHash('sha1').update(`${key}|${n}`).digest('hex').slice(0, 16);
  return finding;
}

function locate(pkg: GoPackage, fallback: GoFile, n: GoNode): SourceLocation {
  const file = pkg.fileOf(n) ?? fallback;
  const start = file.src.position(n.start);
  const end = file.src.position(n.end);
  const loc: SourceLocation = { file: file.path, line: start.line, column: start.column };
  loc.endLine = end.line;
  loc.endColumn = end.column;
  const fn = funcName(pkg, n);
  if (fn) loc.func = fn;
  return loc;
}

/** The function's name as Go prints it in stack traces: `pkg.F`, `pkg.(*T).M`, `pkg.F.func1.2`. */
export function funcName(pkg: GoPackage, n: GoNode): string | null {
  const lits: GoNode[] = [];
  let f =
    n.type === 'func_literal' || n.type === 'function_declaration' || n.type === 'method_declaration'
      ? n
      : enclosingFunc(n);
  while (f && f.type === 'func_literal') {
    lits.unshift(f);
    f = enclosingFunc(f);
  }
  if (!f) return null;
  const decl = pkg.declOf(f);
  if (!decl) return null;
  let name = `${pkg.importPath ?? decl.file.packageName}.${baseName(decl, f)}`;
  let parent: GoNode = f;
  lits.forEach((lit, depth) => {
    const siblings: GoNode[] = [];
    walk(parent, (c) => {
      if (c === parent) return true;
      if (c.type === 'func_literal') {
        siblings.push(c);
        return false;
      }
      return true;
    });
    const i = siblings.indexOf(lit) + 1;
    name += depth === 0 ? `.func${i}` : `.${i}`;
    parent = lit;
  });
  return name;
}

function baseName(decl: Decl, f: GoNode): string {
  if (decl.kind !== 'method') return decl.name;
  const recv = child(f, 'receiver');
  const pointer = recv ? text(recv).includes('*') : false;
  return pointer ? `(*${decl.receiver}).${decl.name}` : `${decl.receiver}.${decl.name}`;
}

/** A suppression on the finding's line, the line above it, or above/on the enclosing function's header. */
function isSuppressed(f: Finding, node: GoNode, pkg: GoPackage, sups: readonly Suppression[]): boolean {
  if (sups.length === 0 || !f.location) return false;
  const applies = (s: Suppression) => s.rules.length === 0 || s.rules.includes(f.ruleId as never);
  const line = f.location.line;
  if (sups.some((s) => (s.line === line || s.line === line - 1) && applies(s))) return true;
  const decl = pkg.declOf(node);
  if (!decl || (decl.kind !== 'func' && decl.kind !== 'method')) return false;
  const file = decl.file;
  const header = file.src.position(decl.start).line;
  // The doc comment block directly above the declaration, and the header line itself.
  let top = header;
  while (top > 1 && /^\s*\/\//.test(file.src.line(top - 1))) top--;
  return sups.some((s) => s.line >= top && s.line <= header && applies(s));
}

function countLines(src: string): number {
  let n = 0;
  for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) n++;
  return src.length > 0 && !src.endsWith('\n') ? n + 1 : n;
}
