// The public API is the list below, no more: src/index.ts exports exactly these names (values and types, read by
// the TypeScript checker), the built module has exactly the value names at run time, and docs/library.md
// documents every one of them. Changing the API means changing this list and the docs together.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

const VALUES = [
  'CONFIG_FILES',
  'EVIDENCE_ORDER',
  'GuardError',
  'PATTERNS',
  'PATTERN_IDS',
  'REPORT_FORMATS',
  'RULES',
  'VERSION',
  'WAIT_CLASSES',
  'analyze',
  'analyzeDump',
  'analyzeFile',
  'analyzeInput',
  'analyzeTraceFile',
  'analyzeSeries',
  'capture',
  'checkFindings',
  'checkTree',
  'compareIds',
  'createAnalyzer',
  'diffAnalyses',
  'diffDumps',
  'findingsFrom',
  'findingsToCases',
  'fixFindings',
  'fixPackages',
  'fingerprint',
  'isGuardError',
  'isPatternId',
  'loadConfig',
  'loadDump',
  'loadTestRun',
  'openInput',
  'parseConfig',
  'parseDump',
  'parseIgnoreSpec',
  'presentCheck',
  'readCaptureIndex',
  'renderAnalysis',
  'renderCheckMarkdown',
  'renderCheckSarif',
  'renderCheckText',
  'renderDiff',
  'renderDiffHtml',
  'renderDiffJSON',
  'renderDiffMarkdown',
  'renderDiffText',
  'renderFixJSON',
  'renderFixSarif',
  'renderFixText',
  'renderHtml',
  'renderJSON',
  'renderJUnit',
  'renderMarkdown',
  'renderSarif',
  'renderSeries',
  'renderSeriesHtml',
  'renderSeriesJSON',
  'renderSeriesMarkdown',
  'renderSeriesText',
  'renderStaticText',
  'renderText',
  'scan',
  'scanSource',
  'seriesFromPaths',
  'streamDump',
  'writePatches',
];

const TYPES = [
  'Analysis',
  'AnalyzeInputOptions',
  'AnalyzeOptions',
  'AnalyzedBucket',
  'Analyzer',
  'Ancestor',
  'CaptureOptions',
  'CaptureResult',
  'CheckDocument',
  'CheckOptions',
  'CheckReport',
  'Confidence',
  'ConfirmedLeak',
  'DiffEntry',
  'DiffInput',
  'DiffOptions',
  'DiffStatus',
  'Dump',
  'DumpDiff',
  'DumpFormat',
  'DumpInfo',
  'DumpInput',
  'DynamicEvidence',
  'DynamicOnlyLeak',
  'Evidence',
  'FileAnalyzeOptions',
  'FixCandidate',
  'FixFromFormat',
  'FixIO',
  'FixOptions',
  'FixOutcome',
  'FixPackagesOptions',
  'FixReport',
  'FixUnaddressed',
  'FixVerdict',
  'FixWriteResult',
  'Finding',
  'Frame',
  'Goroutine',
  'GoroutineId',
  'GuardConfig',
  'GuardErrorKind',
  'HtmlOptions',
  'IgnoreConfig',
  'IgnoreRule',
  'InputOptions',
  'JUnitCase',
  'JUnitSuite',
  'JsonOptions',
  'LeakPattern',
  'MatchKind',
  'OpenedInput',
  'ParseOptions',
  'PatternId',
  'ReportFormat',
  'ReportOptions',
  'Rule',
  'RuleMeta',
  'SarifOptions',
  'ScanConfig',
  'ScanOptions',
  'ScanResult',
  'ScanSourceOptions',
  'ScanSourceResult',
  'SeriesAnalysis',
  'SeriesBucket',
  'SeriesInput',
  'SeriesOptions',
  'Severity',
  'SourceLocation',
  'StaticOnlyFinding',
  'TextOptions',
  'Totals',
  'Truncation',
  'WaitClass',
];

/** Every name src/index.ts exports, types included, as the TypeScript checker sees them. */
function declaredExports(): string[] {
  const entry = path.join(ROOT, 'src/index.ts');
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
    noResolve: false,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker
    .getExportsOfModule(module)
    .map((s) => s.name)
    .sort();
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('public API', () => {
  it('the module exports exactly the listed values at run time', () => {
    expect(Object.keys(api).sort(byName)).toEqual([...VALUES].sort(byName));
  });

  it('src/index.ts exports exactly the listed values and types', () => {
    expect(declaredExports().sort(byName)).toEqual([...VALUES, ...TYPES].sort(byName));
  }, 60_000);

  it('VERSION is the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(api.VERSION).toBe(pkg.version);
  });

  it('docs/library.md documents every name', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/library.md'), 'utf8');
    const missing = [...VALUES, ...TYPES].filter((n) => !new RegExp(`\`${n}\\b`).test(doc));
    expect(missing).toEqual([]);
  });
});
