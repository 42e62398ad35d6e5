// Builds testdata/go/leaks' leakdemo once per test file and produces fresh dumps from the machine's Go, so the
// format cannot drift unseen.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goBuild, runBinary, tempDir, TESTDATA } from './go.js';

export interface LiveDumps {
  dir: string;
  /** Reads `<name><suffix>` from the output directory. */
  read(file: string): Buffer;
  has(file: string): boolean;
  cleanup(): void;
}

/** Runs `leakdemo -pattern <pattern> -out <tmp> -name <name>` and returns its dumps. */
export async function liveDumps(pattern = 'all', name = 'live', env: NodeJS.ProcessEnv = {}): Promise<LiveDumps> {
  const t = tempDir('gguard-live-');
  const bin = await goBuild(join(TESTDATA, 'go', 'leaks'), './cmd/leakdemo', join(t.dir, 'leakdemo'), env);
  const out = join(t.dir, 'out');
  const r = await runBinary(bin, ['-pattern', pattern, '-out', out, '-name', name], { env, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`leakdemo failed (${r.code}): ${r.stderr}`);
  return {
    dir: out,
    read: (file) => readFileSync(join(out, file)),
    has: (file) => existsSync(join(out, file)),
    cleanup: t.cleanup,
  };
}
