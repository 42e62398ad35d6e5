// The rule cases are real Go: every module under testdata/static builds with the local toolchain, and the
// leakcheck program confirms at run time that bad cases leak goroutines and good ones do not.

import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const casesDir = path.resolve(import.meta.dirname, '../../testdata/static');
const modules = readdirSync(casesDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => path.basename(f) === 'go.mod')
  .map((f) => path.dirname(path.join(casesDir, f)));

function go(args: string[], cwd: string): string {
  return execFileSync('go', args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
}

describe('testdata/static Go cases', () => {
  it.each(modules.map((m) => [path.relative(casesDir, m) || '.', m]))('module %s builds', (_n, dir) => {
    go(['build', './...'], dir);
  });

  it("GG003: a handler registered inline in main leaks a goroutine per request; main's own goroutine is not a leak", () => {
    expect(go(['run', './GG003/bad/cmd'], casesDir).trim()).toBe('leaked 3');
    expect(go(['run', './GG003/good/cmd'], casesDir).trim()).toBe('leaked 0');
  });

  it('bad cases leak goroutines at run time, good cases do not', () => {
    const out = go(['run', './leakcheck'], casesDir);
    const leaks = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string]),
    );
    expect(Number(leaks['GG001/bad.FetchCtx'])).toBeGreaterThan(0);
    expect(Number(leaks['GG002/bad.Pool'])).toBe(4);
    expect(Number(leaks['GG015/bad.First'])).toBe(2);
    expect(leaks['GG001/good.Buffered']).toBe('0');
    expect(leaks['GG002/good.Pool']).toBe('0');
    expect(leaks['GG015/good.First']).toBe('0');
    // The fixed shapes of realbugs dcos-signal-42 (leave on close) and gocsv-178 (leave after the last send).
    expect(leaks['GG015/good.Collect']).toBe('0');
    expect(leaks['GG001/good.Consume']).toBe('0');
    expect(Number(leaks['GG001/deep/bad.FetchMaybe'])).toBeGreaterThan(0);
    // Deep GG001 across functions: a producer that outlives its consumer, a callback whose receiver timed out.
    for (const c of ['Replay', 'Synced', 'WaitResolved'])
      expect(Number(leaks[`GG001/deep/bad.${c}`]), c).toBeGreaterThan(0);
    for (const c of ['Replay', 'Count', 'Synced', 'Fanout', 'Sum', 'Tally', 'ProdCons'])
      expect(leaks[`GG001/deep/good.${c}`], c).toBe('0');
    // Deep GG013: the loop's exit channel is set to nil by Close before it waits for the loop.
    expect(Number(leaks['GG013/deep/bad.Processor'])).toBeGreaterThan(0);
    expect(leaks['GG013/deep/good.Processor']).toBe('0');
    // Deep GG012: read locks left held by a loop, on a mutex nobody write-locks, block no one.
    expect(leaks['GG012/deep/good.Readers']).toBe('0');
    // Deep GG002: loops waiting for a close that never comes (field channel, ticker, channel handed to a callee).
    // A channel per key kept in a map and closed by ranging over it (sarama's dispatcher). Daemon: workers kept
    // for the process by a package-level variable (fasthttp); Transport: a library's exported Close and Consumer
    // (hashicorp/raft); Node: an exported Close the package's own owner must call (autonity).
    expect(leaks['GG002/deep/good.Dispatch']).toBe('0');
    for (const c of [
      'Client',
      'Poller',
      'Copy',
      'Pipeline',
      'Check',
      'Serve',
      'Service',
      'Watch',
      'Retry',
      'Daemon',
      'Transport',
      'Node',
    ]) {
      expect(Number(leaks[`GG002/deep/bad.${c}`]), c).toBeGreaterThan(0);
      expect(leaks[`GG002/deep/good.${c}`], c).toBe('0');
    }
    // GG016–GG020 (deep engine): every bad case leaves its goroutines blocked, every good one none.
    for (const [name, n] of Object.entries(leaks).filter(([k]) => /^GG0(1[6-9]|20)\//.test(k))) {
      if (name.includes('/bad.')) expect(Number(n), name).toBeGreaterThan(0);
      else expect(n, name).toBe('0');
    }
    expect(Object.keys(leaks).filter((k) => /^GG0(1[6-9]|20)\/bad/.test(k))).toHaveLength(15);
    // Deep GG017 through a handler field: a synchronous feed's handler runs under its lock (deadlocks), an
    // asynchronous subscription's never does.
    expect(Number(leaks['GG017/deep/bad.SyncFeed'])).toBeGreaterThan(0);
    expect(leaks['GG017/deep/good.ClosedHandler']).toBe('0');
    // TLS over TLS: the output lock held while writing to the wrapped connection, whose handshake lock is its own.
    expect(leaks['GG017/deep/good.WrappedConn']).toBe('0');
  });
});
