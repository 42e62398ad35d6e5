// Planning the overlay on the real test module (real `go list`): where the harness goes, what gets rewritten,
// what is left to go test.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeGoExec } from '../../src/core/goexec.js';
import { goList, type ListedPackage } from '../../src/gotest/golist.js';
import { DEFAULT_IGNORE_RULES } from '../../src/gotest/ignore.js';
import { overlayJson, planOverlay, type OverlayPlan } from '../../src/gotest/plan.js';
import { LEAKS } from './helpers.js';

let listed: ListedPackage[];
let plan: OverlayPlan;

beforeAll(async () => {
  listed = await goList(nodeGoExec, 'go', LEAKS, process.env, [], ['./...']);
  plan = planOverlay(listed, (p) => readFileSync(p, 'utf8'), {
    settleMs: 500,
    useLeakProfile: false,
    rules: DEFAULT_IGNORE_RULES,
  });
}, 60_000);

const short = (p: string) => p.replace('example.com/gg/leaks/', '');
const file = (rel: string) => plan.files.find((f) => f.path === join(LEAKS, rel));

describe('planOverlay', () => {
  it('leaves packages without tests to go test', () => {
    expect(plan.skipped).toEqual([{ importPath: 'example.com/gg/leaks/notests', reason: 'no test files' }]);
  });

  it('puts the harness in the internal test package, the external one when that is all there is', () => {
    const halves = Object.fromEntries(
      plan.packages.map((p) => [short(p.importPath), `${p.half} ${p.host.slice(LEAKS.length + 1)}`]),
    );
    expect(halves).toEqual({
      httpserver: 'internal httpserver/httpserver_test.go',
      leaky: 'internal leaky/leaky_test.go',
      parallel: 'internal parallel/parallel_test.go',
      settle: 'internal settle/settle_test.go',
      signals: 'internal signals/signals_test.go',
      withmain: 'internal withmain/main_test.go',
      xtest: 'external xtest/xtest_test.go',
    });
    expect(file('xtest/xtest_test.go')!.content.split('\n')[0]).toMatch(
      /^package xtest_test; import \(goroutineguard_os "os";/,
    );
  });

  it('wraps the package’s own TestMain: renamed, os.Exit routed, same line count before the harness', () => {
    const orig = readFileSync(join(LEAKS, 'withmain/main_test.go'), 'utf8');
    const f = file('withmain/main_test.go')!;
    expect(f.content).toContain('func goroutineguard_userTestMain(m *testing.M) {');
    expect(f.content).toContain('\tgoroutineguard_exit(code)\n');
    expect(f.content).toContain('\tgoroutineguard_userTestMain(m)\n\tgoroutineguard_end(-1)\n');
    const lines = orig.split('\n').length - 1;
    expect(f.content.split('\n').slice(lines, lines + 3)).toEqual([
      '',
      'var _ = os.Exit // goroutine-guard: keeps the import used after routing os.Exit',
      '',
    ]);
    expect(plan.packages.find((p) => p.importPath.endsWith('/withmain'))!.userTestMain).toBe(
      join(LEAKS, 'withmain/main_test.go'),
    );
  });

  it('maps every rewritten file in the overlay JSON and keeps the user’s entries', () => {
    const j = JSON.parse(overlayJson(plan, '/tmp/ws', { '/x/y.go': '/z.go' })) as { Replace: Record<string, string> };
    expect(j.Replace['/x/y.go']).toBe('/z.go');
    expect(Object.keys(j.Replace)).toHaveLength(plan.files.length + 1);
    expect(j.Replace[join(LEAKS, 'leaky/leaky_test.go')]).toMatch(/^\/tmp\/ws\/p\d+-leaky_test\.go$/);
  });
});
