// testdata/go/check/walkthrough.sh, linked from the README, replays docs/walkthrough.md: it must use this checkout's
// CLI (not `npx`, which from a temp copy asks the registry), take a free port, and fail at the first step whose exit
// code is not the one the doc shows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../testdata/go/check/walkthrough.sh');

describe('walkthrough.sh', () => {
  it('runs every step on a free port with the local CLI and exits 0', () => {
    const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, ADDR: '' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^listening http:\/\/127\.0\.0\.1:(\d+)$/m);
    expect(r.stdout).not.toContain(':6061');
    expect(r.stdout.match(/^\[exit \d\]$/gm)).toHaveLength(12);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe(
      'walkthrough: every step had the exit code docs/walkthrough.md shows',
    );
  }, 250_000);

  it('stops at the first step that fails, with exit 1', () => {
    const started = Date.now();
    // A CLI that cannot run (as `npx goroutine-guard` outside the checkout): exit 3 from the very first step.
    const gg = 'sh -c "exit 3"';
    const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, GG: gg } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`walkthrough: step failed: expected exit 1, got 3: ${gg} scan ./...\n`);
    expect(r.stdout).not.toContain('# 2. run');
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 70_000);
});
