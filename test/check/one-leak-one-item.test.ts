// `check` joins one leak into one item, on a real program and the dump it wrote (testdata/go/diag, diagdemo
// -scenario tickers → testdata/dumps/diag/tickers.debug2.txt). A one-case select over a ticker compiles to a plain
// receive: the goroutine shows `chan receive` on the case line, two lines below the static GG003 on the `for`; they
// are one leak. Goroutines started by other `go` statements of the same function are not pulled into a finding
// whose `go` statement is a few lines away.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckDocument } from '../../src/check/index.js';
import { runCli } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function check(): Promise<CheckDocument> {
  const r = await runCli(
    [
      'check',
      'testdata/go/diag',
      '--dump',
      'testdata/dumps/diag/tickers.debug2.txt',
      '-f',
      'json',
      '--min-evidence',
      'possible',
    ],
    { cwd: ROOT },
  );
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout) as CheckDocument;
}

describe('check: one leak, one item', () => {
  it('the one-case ticker select is one confirmed item, not a dynamic-only GG002 beside a static-only GG003', async () => {
    const doc = await check();
    const at = (line: number) => doc.confirmed.filter((c) => c.static.location?.line === line);
    const oneCase = at(11);
    expect(oneCase).toHaveLength(1);
    expect(oneCase[0]!.ruleId).toBe('GG003');
    expect(oneCase[0]!.count).toBe(2);
    expect(oneCase[0]!.dynamic.map((d) => d.finding.location?.func)).toEqual(['main.pollOneCase']);
    // The dynamic side names the ticker from the source line.
    expect(oneCase[0]!.dynamic[0]!.finding.ruleId).toBe('GG004');
    expect(doc.dynamicOnly).toEqual([]);
    const tickerStatics = doc.staticOnly.filter((s) => s.finding.location?.file.endsWith('tickers.go'));
    expect(tickerStatics).toEqual([]);
  });

  it('each go statement of startTickers confirms its own finding, with its own count', async () => {
    const doc = await check();
    const counts = Object.fromEntries(doc.confirmed.map((c) => [`${c.ruleId}@${c.static.location?.line}`, c.count]));
    expect(counts).toEqual({ 'GG002@50': 5, 'GG015@46': 4, 'GG004@38': 3, 'GG003@11': 2, 'GG003@26': 2 });
  });
});
