// `test --trace`: real go test runs with -trace on the committed test modules. The leaking test is named from the
// trace and its leak is one item carrying both the harness's and the trace's data; a healthy package shows nothing;
// several packages run without a trace and say why. The merge of trace-only suspects runs on a committed trace.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/io/index.js';
import type { PackageReport } from '../../src/gotest/results.js';
import { mergeTraceSuspects, traceOnlyText } from '../../src/gotest/trace.js';
import { jsonLines, LEAKS, runCli } from './helpers.js';

const TRACES_MODULE = new URL('../../testdata/go/traces/', import.meta.url).pathname;
const TEST_TRACE = new URL('../../testdata/traces/go1.26/test.trace', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'gg-testtrace-'));
const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
delete env.GOFLAGS;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('goroutine-guard test --trace', () => {
  it("names the leaking test from the trace, one item for a leak both see (reading the user's -trace file)", async () => {
    const own = join(tmp, 'own.trace');
    const run = await runCli(['test', '--trace', '--no-stacks', '.', '--', `-trace=${own}`], TRACES_MODULE, env);
    expect(run.code).toBe(1);
    expect(existsSync(own)).toBe(true);
    const lines = run.stdout.split('\n').filter((l) => /^Test\w* leaked/.test(l));
    expect(lines).toEqual([
      'TestQuotes leaked 5 goroutines: GG001 chan send at main.go:121 (created by main.go:96) [also in trace, by TestQuotes]',
    ]);
    expect(run.stdout).not.toMatch(/trace only/);
  }, 180_000);

  it('carries the trace data on the harness finding in --json', async () => {
    const run = await runCli(['test', '--trace', '--json', '.'], TRACES_MODULE, env);
    const events = jsonLines(run.stdout);
    const leaks = events.filter((e) => e.Action === 'leak');
    expect(leaks.map((e) => e.Test)).toEqual(['TestQuotes']);
    const findings = leaks[0]!.Findings as Array<{ data: Record<string, unknown> }>;
    expect(findings).toHaveLength(1);
    const data = findings[0]!.data;
    expect(data.seenBy).toEqual(['harness', 'trace']);
    expect(data.traceTest).toBe('TestQuotes');
    expect((data.trace as { site: { created: number; exited: number } }).site).toEqual({ created: 5, exited: 0 });
    const traced = events.find((e) => e.Action === 'traceleak');
    expect(traced).toMatchObject({ Package: 'example.com/traces', Matched: 1, Findings: [] });
  }, 180_000);

  it('shows nothing for a healthy package', async () => {
    const run = await runCli(['test', '--trace', './settle'], LEAKS, env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^goroutine-guard: no leaks in 1 leak-checked package/m);
    expect(run.stdout).not.toMatch(/trace/);
    expect(run.stderr).not.toMatch(/trace/);
  }, 180_000);

  it('runs several packages without a trace and says why', async () => {
    const run = await runCli(['test', '--trace', '--json', './settle', './parallel'], LEAKS, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--trace needs exactly one package .*got 2; running without a trace/);
    const events = jsonLines(run.stdout);
    expect(events.some((e) => e.Action === 'traceleak')).toBe(false);
    expect(events.filter((e) => e.Action === 'leak').map((e) => e.Test)).toEqual(['TestParallelC']);
  }, 180_000);

  it('lists trace suspects the harness did not report as trace-only, with the test the trace names', async () => {
    const a = await analyzeTraceFile(TEST_TRACE, { env });
    const r = mergeTraceSuspects('example.com/traces', a.suspects, undefined, (f) => f.split('/').pop()!);
    expect(r.matched).toBe(0);
    expect(r.traceOnly.map((f) => [f.ruleId, f.count, f.location?.file, f.location?.line, f.data?.test])).toEqual([
      ['GG001', 5, 'main.go', 121, 'TestQuotes'],
    ]);
    expect(r.traceOnly[0]!.data?.seenBy).toEqual(['trace']);
    expect(traceOnlyText(r)[1]).toBe(
      'TestQuotes: 5 × GG001 chan send at main.go:121 (created by main.go:96) [trace only, confirmed]',
    );
  }, 180_000);

  it('leaves out trace-only goroutines the harness watched for its settle budget and did not report', async () => {
    const a = await analyzeTraceFile(TEST_TRACE, { env });
    const blocked = (a.suspects[0]!.data!.trace as { blockedNs: { max: number } }).blockedNs.max;
    // The harness checked the package (a report with no leak in it) and waited `settleMs` after the tests.
    const checked = { importPath: 'example.com/traces', tests: [], leaked: 0 } as unknown as PackageReport;
    const name = (f: string) => f.split('/').pop()!;
    const longer = mergeTraceSuspects('example.com/traces', a.suspects, checked, name, blocked / 1e6 + 1);
    expect(longer.traceOnly).toEqual([]);
    const shorter = mergeTraceSuspects('example.com/traces', a.suspects, checked, name, blocked / 1e6 / 2);
    expect(shorter.traceOnly.map((f) => f.location?.line)).toEqual([121]);
  }, 180_000);
});
