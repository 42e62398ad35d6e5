// The I/O edge of `fix`: one leak-checked `go test` run of one package, with patched files laid over the user's
// through `-overlay` (the user's tree is never written). It is `goroutine-guard test` itself (runGoTest) with its
// streams captured: go test's -json events say which tests passed, the leak summary says what each test leaked.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { GoExec } from '../gotest/index.js';
import { parseTestEvents } from '../gotest/index.js';
import type { LeakProfileMode } from '../gotest/index.js';
import { resolveGoTestOptions } from '../gotest/index.js';
import { runGoTest } from '../gotest/index.js';
import type { SignalSource } from '../gotest/index.js';
import type { Goroutine } from '../model/index.js';

export interface VerifyIO {
  exec: GoExec;
  signals: SignalSource;
  env: NodeJS.ProcessEnv;
  tmpRoot?: string;
}

export interface VerifySettings {
  goBin: string;
  settleMs: number;
  leakProfile: LeakProfileMode;
  /** Extra go test flags (`-race`, `-tags x`). */
  goFlags: readonly string[];
}

/** What one run of a package's tests showed. */
export interface PackageRun {
  /** The test binary ran and reported (false: build failure, panic, os.Exit in a test). */
  checked: boolean;
  passed: Set<string>;
  failed: Set<string>;
  /** Leaked goroutines per test (blame of `goroutine-guard test`). */
  leaks: Map<string, Goroutine[]>;
  /** Whether the goroutineleak profile was read. */
  leakProfile: boolean;
  /** go test's output lines for failures (build errors, failing tests), for reasons shown to the user. */
  failureOutput: Map<string, string[]>;
  goExit: number;
  buildOutput: string;
}

export async function runPackage(
  dir: string,
  overlay: ReadonlyMap<string, string>,
  settings: VerifySettings,
  io: VerifyIO,
): Promise<PackageRun> {
  const tmp = mkdtempSync(join(io.tmpRoot ?? tmpdir(), 'goroutine-guard-fix-'));
  try {
    const goArgs: string[] = [];
    if (overlay.size > 0) {
      const replace: Record<string, string> = {};
      [...overlay].forEach(([path, content], i) => {
        const p = join(tmp, `f${i}.go`);
        writeFileSync(p, content);
        replace[path] = p;
      });
      const overlayPath = join(tmp, 'overlay.json');
      writeFileSync(overlayPath, JSON.stringify({ Replace: replace }));
      goArgs.push(`-overlay=${overlayPath}`);
    }
    goArgs.push(...settings.goFlags, '.');
    const events = parseTestEvents();
    let stderr = '';
    let text = '';
    const stdout = new Writable({
      write(chunk: Buffer, _enc, cb) {
        events.push(chunk);
        text += chunk.toString();
        cb();
      },
    });
    const errStream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        stderr += chunk.toString();
        cb();
      },
    });
    const opts = resolveGoTestOptions(
      {
        goArgs,
        json: true,
        stacks: false,
        goBin: settings.goBin,
        settleMs: settings.settleMs,
        leakProfile: settings.leakProfile,
      },
      'goroutine-guard fix',
    );
    const r = await runGoTest(opts, {
      exec: io.exec,
      signals: io.signals,
      stdout,
      stderr: errStream,
      env: io.env,
      cwd: dir,
      ...(io.tmpRoot ? { tmpRoot: io.tmpRoot } : {}),
    });
    const results = [...events.results().values()];
    const run: PackageRun = {
      checked: r.summary.packages.length > 0,
      passed: new Set(),
      failed: new Set(),
      leaks: new Map(),
      leakProfile: r.summary.packages.some((p) => p.record.leakProfile === true),
      failureOutput: new Map(),
      goExit: r.goExitCode,
      buildOutput: buildErrors(text, stderr),
    };
    for (const pkg of results) {
      for (const [test, res] of pkg) {
        if (res.action === 'pass') run.passed.add(test);
        if (res.action === 'fail') {
          run.failed.add(test);
          run.failureOutput.set(test, res.output);
        }
      }
    }
    for (const p of r.summary.packages) {
      for (const t of p.tests)
        run.leaks.set(
          t.test,
          t.buckets.flatMap((b) => b.goroutines),
        );
    }
    return run;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Compiler errors from go test -json output (`build-output` events) and stderr. */
function buildErrors(jsonText: string, stderr: string): string {
  const lines: string[] = [];
  for (const l of jsonText.split('\n')) {
    if (!l.includes('"build-output"') && !l.includes('"build-fail"')) continue;
    try {
      const e = JSON.parse(l) as { Output?: string };
      if (e.Output) lines.push(e.Output.trimEnd());
    } catch {
      // not an event line
    }
  }
  const err = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('goroutine-guard:'));
  return [...lines, ...err].slice(0, 20).join('\n');
}
