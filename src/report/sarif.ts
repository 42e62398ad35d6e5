// SARIF 2.1.0 writer for `Finding[]`, static or dynamic: one run, one reportingDescriptor per rule id that occurs
// (or every rule passed in), results with the blocking location, the goroutine's start site as a related
// location, and the finding's fingerprint as a partial fingerprint so code-scanning UIs track it across commits.

import { compareText } from '../core/index.js';
import type { PatternId, Finding, Severity, SourceLocation } from '../model/index.js';
import { jsonReport } from './util.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifRuleInfo {
  id: PatternId | 'GG000';
  title: string;
  explanation?: string;
  fix?: string;
  severity?: Severity;
  /** Absolute URL of the rule's documentation, if published. */
  helpUri?: string;
}

export interface SarifOptions {
  toolName: string;
  toolVersion: string;
  informationUri?: string;
  /** Rule descriptions; rules that findings use but that are missing here get a descriptor from the finding. */
  rules?: readonly SarifRuleInfo[];
  /** Absolute directory the finding paths are relative to (becomes the `%SRCROOT%` base). */
  srcRoot?: string;
  /** The run's `properties` (tool-specific facts such as the scan engine). */
  properties?: Record<string, unknown>;
}

/** A SARIF log as built here: one run whose results callers may annotate before rendering. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}

export interface SarifRun {
  results: Record<string, unknown>[];
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The SARIF log as text (two-space JSON and a final newline), as `scan`, `check` and `fix` print it. */
export function renderSarif(findings: readonly Finding[], opts: SarifOptions): string {
  return sarifJson(sarifLog(findings, opts));
}

export function sarifJson(log: SarifLog): string {
  return jsonReport(log, { pretty: true });
}

/** The SARIF log as an object, for reports that add to its results (check, fix) before `sarifJson`. */
export function sarifLog(findings: readonly Finding[], opts: SarifOptions): SarifLog {
  const rules = new Map<string, SarifRuleInfo>();
  for (const r of opts.rules ?? []) rules.set(r.id, r);
  for (const f of findings) {
    if (!rules.has(f.ruleId)) {
      const info: SarifRuleInfo = { id: f.ruleId, title: f.title, severity: f.severity };
      if (f.explanation) info.explanation = f.explanation;
      if (f.fix) info.fix = f.fix;
      rules.set(f.ruleId, info);
    }
  }
  const ruleList = [...rules.values()].sort((a, b) => compareText(a.id, b.id));
  const index = new Map(ruleList.map((r, i) => [r.id, i]));
  const driver: Record<string, unknown> = {
    name: opts.toolName,
    version: opts.toolVersion,
    rules: ruleList.map(descriptor),
  };
  if (opts.informationUri) driver.informationUri = opts.informationUri;
  const run: SarifRun = {
    tool: { driver },
    columnKind: 'utf16CodeUnits',
    results: findings.map((f) => result(f, index.get(f.ruleId) ?? 0)),
  };
  if (opts.srcRoot) run.originalUriBaseIds = { SRCROOT: { uri: fileUri(opts.srcRoot, true) } };
  if (opts.properties) run.properties = opts.properties;
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function descriptor(r: SarifRuleInfo): object {
  const d: Record<string, unknown> = {
    id: r.id,
    name: pascal(r.title),
    shortDescription: { text: r.title },
    defaultConfiguration: { level: level(r.severity ?? 'warning') },
  };
  if (r.explanation) d.fullDescription = { text: r.explanation };
  if (r.fix || r.explanation) {
    const text = [r.explanation, r.fix ? `Fix: ${r.fix}` : ''].filter(Boolean).join('\n\n');
    d.help = { text, markdown: text };
  }
  if (r.helpUri) d.helpUri = r.helpUri;
  return d;
}

function result(f: Finding, ruleIndex: number): Record<string, unknown> {
  const r: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex,
    level: level(f.severity),
    message: { text: f.message },
  };
  if (f.location) r.locations = [location(f.location)];
  const related: object[] = [];
  if (f.createdAt) related.push({ ...location(f.createdAt), message: { text: 'goroutine started here' } });
  for (const x of f.related ?? []) related.push({ ...location(x), message: { text: x.message } });
  if (related.length > 0) r.relatedLocations = related.map((x, i) => ({ id: i + 1, ...x }));
  if (f.fingerprint) r.partialFingerprints = { 'goroutineGuard/v1': f.fingerprint };
  const props: Record<string, unknown> = { origin: f.origin };
  if (f.evidence) props.evidence = f.evidence;
  if (f.count !== undefined) props.count = f.count;
  if (f.fix) props.fix = f.fix;
  r.properties = props;
  return r;
}

function location(l: SourceLocation): Record<string, unknown> {
  const region: Record<string, number> = { startLine: Math.max(1, l.line) };
  if (l.column) region.startColumn = l.column;
  if (l.endLine) region.endLine = l.endLine;
  if (l.endColumn) region.endColumn = l.endColumn;
  const loc: Record<string, unknown> = {
    physicalLocation: {
      artifactLocation: isAbsolute(l.file)
        ? { uri: fileUri(l.file, false) }
        : { uri: encodePath(l.file), uriBaseId: 'SRCROOT' },
      region,
    },
  };
  if (l.func) loc.logicalLocations = [{ fullyQualifiedName: l.func, kind: 'function' }];
  return loc;
}

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

function encodePath(p: string): string {
  return p.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function fileUri(p: string, dir: boolean): string {
  const norm = p.replace(/\\/g, '/');
  const withSlash = dir && !norm.endsWith('/') ? `${norm}/` : norm;
  return `file://${withSlash.startsWith('/') ? '' : '/'}${encodePath(withSlash)}`;
}

function pascal(title: string): string {
  return title
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
