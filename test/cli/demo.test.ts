// `goroutine-guard demo` end to end: builds the shipped Go server, drives it over 127.0.0.1, captures and analyzes.

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('demo', () => {
  it('builds and runs demo/leaky-server and finds both of its leaks', async () => {
    const r = await runCli(['demo', '--requests', '12']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/demo: server listening on http:\/\/127\.0\.0\.1:\d+; sending 12 requests/);
    expect(r.stdout).toMatch(/GG001 12 goroutines in chan send\n\s+at main\.go:\d+ main\.lookupPrice/);
    expect(r.stdout).toMatch(/GG002 12 goroutines in chan receive\n\s+at main\.go:\d+ main\.auditWorker/);
  }, 300_000);

  it('--recorded analyzes the committed dump and says so', async () => {
    const r = await runCli(['demo', '--recorded']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('analyzing the dump recorded from demo/leaky-server');
    expect(r.stdout).toMatch(/GG001 \d+ goroutines in chan send/);
    expect(r.stdout).toMatch(/GG002 \d+ goroutines in chan receive/);
  });

  it('without Go on PATH falls back to the recorded dump', async () => {
    const r = await runCli(['demo'], { env: { ...process.env, PATH: '/nonexistent' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Go is not on PATH');
    expect(r.stdout).toMatch(/GG001/);
  });
});
