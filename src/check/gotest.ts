// Dynamic evidence from a test run: `goroutine-guard test` on the tree's packages, its per-test leak findings
// taken as suspects. go test's own output is kept out of the report (the tail is shown when the run breaks).

import { Writable } from 'node:stream';
import { GuardError } from '../core/index.js';
import {
  nodeGoExec,
  type GoExec,
  resolveGoTestOptions,
  runGoTest,
  processSignals,
  type SignalSource,
} from '../gotest/index.js';
import { testEvidence, type DynamicEvidence } from './evidence.js';

export interface TestRunIO {
  exec?: GoExec;
  signals?: SignalSource;
  goBin?: string;
}

/** Keeps the last few KiB written: enough to show why go test failed. */
class TailSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text = (this.text + chunk.toString()).slice(-4096);
    cb();
  }
}

export async function loadTestRun(
  patterns: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  io: TestRunIO = {},
): Promise<DynamicEvidence> {
  const out = new TailSink();
  const opts = resolveGoTestOptions(
    { goArgs: [...patterns], stacks: false, goBin: io.goBin ?? 'go' },
    'goroutine-guard check --test',
  );
  const result = await runGoTest(opts, {
    exec: io.exec ?? nodeGoExec,
    signals: io.signals ?? processSignals,
    stdout: out,
    stderr: out,
    env,
    cwd,
  });
  const source = `go test ${patterns.join(' ')}`;
  const leaks = result.summary.packages.flatMap((p) => p.tests.flatMap((t) => t.buckets.map((b) => b.finding)));
  if (result.summary.packages.length === 0 && result.goExitCode !== 0) {
    const tail = out.text.trim().split('\n').slice(-3).join(' | ');
    throw new GuardError('io', source, `go test failed (exit ${result.goExitCode}) before any leak check: ${tail}`);
  }
  const warnings: string[] = [];
  if (result.goExitCode !== 0) warnings.push(`${source}: go test exited with ${result.goExitCode} (failing tests)`);
  if (result.skippedReason) warnings.push(`${source}: leak checks skipped: ${result.skippedReason}`);
  for (const p of result.summary.notChecked) warnings.push(`${source}: ${p} was not leak-checked (no record)`);
  return testEvidence(source, cwd, leaks, warnings);
}
