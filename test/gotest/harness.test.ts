// The Go harness is a real Go file (src/gotest/harness.go), embedded at build into harness-go.ts and completed per
// package by harness.ts: the embedded result type-checks with `go vet`, the environment names agree on both sides,
// and the embedded copy is in step with the file.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV_OUT, ENV_PARENT, embedHarness, harnessGo } from '../../src/gotest/harness.js';
import { tempDir } from '../helpers/go.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('Go harness', () => {
  it('is read from harness.go below its marker line, and uses the environment names harness.ts exports', () => {
    const file = readFileSync(path.join(ROOT, 'src/gotest/harness.go'), 'utf8');
    const body = harnessGo();
    expect(file.endsWith(body)).toBe(true);
    expect(body.startsWith('type goroutineguard_rule struct')).toBe(true);
    expect(body).toContain(`goroutineguard_os.Getenv(${JSON.stringify(ENV_OUT)})`);
    expect(body).toContain(`goroutineguard_os.Getenv(${JSON.stringify(ENV_PARENT)})`);
  });

  it('embedded into a test file, with and without a TestMain of its own, passes go vet', () => {
    const dir = path.join(tmp.dir, 'mod');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/h\n\ngo 1.22\n');
    writeFileSync(path.join(dir, 'h.go'), 'package h\n\nfunc Add(a, b int) int { return a + b }\n');
    const test =
      'package h\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal()\n\t}\n}\n';
    const spec = {
      importPath: 'example.com/h',
      settleMs: 250,
      useLeakProfile: true,
      rules: [{ name: 'x', why: 'test', top: ['example.com/h.worker'], any: [], createdBy: ['a*'] }],
    };
    for (const wraps of [false, true]) {
      const src = wraps
        ? test + '\nfunc goroutineguard_userTestMain(m *testing.M) { goroutineguard_exit(m.Run()) }\n'
        : test;
      writeFileSync(path.join(dir, 'h_test.go'), embedHarness(src, { ...spec, wrapsUserTestMain: wraps }));
      execFileSync('go', ['vet', './...'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    }
  }, 180_000);

  it('is embedded at build: harness-go.ts is what scripts/embed-harness.mjs makes of harness.go', async () => {
    // @ts-expect-error a plain .mjs script without types
    const { embed, GO_FILE, TS_FILE } = await import('../../scripts/embed-harness.mjs');
    expect(readFileSync(TS_FILE, 'utf8'), 'run `node scripts/embed-harness.mjs` after editing harness.go').toBe(
      embed(readFileSync(GO_FILE, 'utf8')),
    );
  });
});
