// What go test prints must read as if goroutine-guard were not there: a timeout panic has no frame of the injected
// TestMain (it used to point to hang_test.go:46 in a 12-line file), a package's own TestMain keeps its name, and
// outside a module the command says so once and exits 2 instead of mixing go's setup failure with a leak summary.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOTEST_DATA, runCli } from './helpers.js';

const HANG = join(GOTEST_DATA, 'hang');
const tmp = mkdtempSync(join(tmpdir(), 'gg-traces-'));
const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
delete env.GOFLAGS;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every `file.go:N` of a package's test file in `out` stays within the file. */
function linesWithin(out: string, file: string): void {
  const n = readFileSync(join(HANG, file), 'utf8').split('\n').length;
  const name = file.split('/').pop()!;
  const cited = [...out.matchAll(new RegExp(`${name}:(\\d+)`, 'g'))].map((m) => Number(m[1]));
  expect(cited.length).toBeGreaterThan(0);
  for (const line of cited) expect(line).toBeLessThanOrEqual(n);
}

describe('go test output through goroutine-guard test', () => {
  it.each([
    ['plain', 'plain/hang_test.go'],
    ['withmain', 'withmain/hang_test.go'],
  ])(
    'a timeout panic in %s shows no harness frame',
    async (pkg, file) => {
      const run = await runCli(['test', `./${pkg}`, '--', '-timeout', '2s'], HANG, env);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^panic: test timed out after 2s$/m);
      expect(run.stdout).toMatch(/^example\.com\/gg\/hang\/\w+\.TestHang\(/m);
      expect(run.stdout).not.toMatch(/goroutine-guard-harness|goroutineguard_/);
      linesWithin(run.stdout, file);
      if (pkg === 'plain') {
        // As without goroutine-guard: testing.(*M).Run is called by main.main directly.
        expect(run.stdout).toMatch(/^testing\.\(\*M\)\.Run\(.*\)\n\t.*testing\.go:\d+ \+0x[0-9a-f]+\nmain\.main\(\)$/m);
      } else {
        expect(run.stdout).toMatch(
          /^example\.com\/gg\/hang\/withmain\.TestMain\(.*\)\n\t.*withmain\/hang_test\.go:10 /m,
        );
      }
      expect(run.stdout).toMatch(/^FAIL\texample\.com\/gg\/hang\/\w+\t/m);
    },
    120_000,
  );

  it('outside a Go module: one line, exit 2', async () => {
    for (const args of [['test'], ['test', './...']]) {
      const run = await runCli(args, tmp, env);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `goroutine-guard: ${tmp}: not inside a Go module (no go.mod here or in a parent directory); expected to run in a module (or \`go mod init <path>\` first)\n`,
      );
    }
  }, 60_000);
});
