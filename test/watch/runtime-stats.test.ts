// A target's metrics source, read from real Go processes: the goroutine-guard agent's Prometheus text, expvar's
// /debug/vars and a client_golang-style /metrics.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardError } from '../../src/core/index.js';
import { parsePrometheusText, parseRuntimeStats } from '../../src/watch/runtime-stats.js';
import { goBuild, tempDir } from '../helpers/go.js';
import { buildWatchsvc, startService, waitUntil, WATCH_MODULE, type Service } from './helpers.js';

const tmp = tempDir('gguard-watch-stats-');
let agent: Service;
let svc: Service;

beforeAll(async () => {
  const [agentBin, svcBin] = await Promise.all([
    goBuild(join(WATCH_MODULE, 'agentsvc'), '.', join(tmp.dir, 'agentsvc')),
    buildWatchsvc(tmp.dir),
  ]);
  agent = await startService(agentBin, ['-blocked', '30']);
  svc = await startService(svcBin, ['-mode', 'healthy']);
}, 180_000);

afterAll(async () => {
  await agent?.stop();
  await svc?.stop();
  tmp.cleanup();
});

describe('runtime stats sources', () => {
  it("reads the agent's gauges from /debug/goroutine-guard/metrics", async () => {
    const stats = await waitUntil(async () => {
      const s = parseRuntimeStats(await agent.get('/debug/goroutine-guard/metrics'));
      return (s.agent?.blockedChannel ?? 0) >= 30 ? s : undefined;
    }, 'an agent profile snapshot with the 30 blocked goroutines');
    expect(stats.agent!.goroutines).toBeGreaterThanOrEqual(31);
    expect(stats.goroutines).toBe(stats.agent!.goroutines);
    expect(stats.agent!.degraded).toBe(false);
    expect(typeof stats.agent!.leakProfileAvailable).toBe('boolean');
    expect(stats.heapAlloc).toBeUndefined();
  });

  it('reads MemStats from expvar and from Prometheus text', async () => {
    const vars = parseRuntimeStats(await svc.get('/debug/vars'), 'application/json; charset=utf-8');
    expect(vars.heapAlloc).toBeGreaterThan(0);
    expect(vars.nextGC).toBeGreaterThan(0);
    expect(vars.gcCycles).toBeGreaterThanOrEqual(0);
    const prom = parseRuntimeStats(await svc.get('/metrics'), 'text/plain; version=0.0.4');
    expect(prom.heapAlloc).toBeGreaterThan(0);
    expect(prom.goroutines).toBeGreaterThan(0);
    expect(prom.agent).toBeUndefined();
  });

  it('parses labels, special values and rejects what is not metrics', () => {
    const m = parsePrometheusText('# HELP x y\nx{a="1", b="2"} 3 1700000000\nup +Inf\nz NaN\nbad line\n');
    expect(m.get('x{a="1",b="2"}')).toBe(3);
    expect(m.get('up')).toBe(Infinity);
    expect(Number.isNaN(m.get('z'))).toBe(true);
    expect(() => parseRuntimeStats('<html>nope</html>')).toThrow(/no Prometheus samples/);
    expect(() => parseRuntimeStats('{"cmdline": []}')).toThrow(/no "memstats"/);
    // Bad input is a GuardError naming the source, the line and what was expected, not a plain Error.
    const bad = (body: string) => {
      try {
        parseRuntimeStats(body, 'application/json', 'http://127.0.0.1:1/debug/vars');
      } catch (e) {
        return e as GuardError;
      }
      throw new Error('no error thrown');
    };
    const notJson = bad('{\n  "memstats": {\n    "HeapAlloc": 1,,\n  }\n}');
    expect(notJson).toBeInstanceOf(GuardError);
    expect(notJson.message).toMatch(
      /^http:\/\/127\.0\.0\.1:1\/debug\/vars:3 \(byte \d+\): expvar response is not JSON/,
    );
    expect(notJson.message).toMatch(/; expected Prometheus text .* or expvar JSON with "memstats"$/);
    expect(bad('{"cmdline": []}')).toMatchObject({ kind: 'bad-syntax', position: { line: 1 } });
    expect(() => parseRuntimeStats('<html>nope</html>')).toThrow(GuardError);
  });
});
