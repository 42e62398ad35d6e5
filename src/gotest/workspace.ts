// The temp directory of one `goroutine-guard test` run: the overlay JSON, the generated and rewritten Go files,
// and `out/` where test binaries leave their results. It is removed when the run ends, on SIGINT/SIGTERM/SIGHUP,
// and — if a previous run was killed with SIGKILL — by the next run, which sweeps directories whose owner pid is
// gone.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OverlayPlan } from './plan.js';

const PREFIX = 'goroutine-guard-test-';

export interface Workspace {
  dir: string;
  outDir: string;
  overlayPath: string;
  /** Idempotent. */
  remove(): void;
  /** Leave the directory for the user (--keep-temp): later runs' sweeps skip it. */
  keep(): void;
}

const KEEP_MARKER = '.keep';

export function createWorkspace(root = tmpdir(), pid = process.pid): Workspace {
  const dir = mkdtempSync(join(root, `${PREFIX}${pid}-`));
  const outDir = join(dir, 'out');
  mkdirSync(outDir);
  let removed = false;
  return {
    dir,
    outDir,
    overlayPath: join(dir, 'overlay.json'),
    remove() {
      if (removed) return;
      removed = true;
      try {
        removeTree(dir);
      } catch {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    keep() {
      writeFileSync(join(dir, KEEP_MARKER), 'kept by --keep-temp\n');
    },
  };
}

/** The run's own files, removed with one readdir per directory and no stat per file (rmSync stats each). */
function removeTree(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) removeTree(p);
    else unlinkSync(p);
  }
  rmdirSync(dir);
}

export function writePlan(ws: Workspace, plan: OverlayPlan, overlay: string): void {
  for (const f of plan.files) writeFileSync(join(ws.dir, f.tempName), f.content);
  writeFileSync(ws.overlayPath, overlay);
}

/** Removes workspaces of runs whose process no longer exists. Returns how many were removed. */
export function sweepStaleWorkspaces(root = tmpdir(), alive: (pid: number) => boolean = pidAlive): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m || alive(Number(m[1])) || existsSync(join(root, name, KEEP_MARKER))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    n++;
  }
  return n;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** Subscribes to the stop signals for the duration of a run; returns the unsubscribe function. */
export interface SignalSource {
  subscribe(handler: (sig: StopSignal) => void): () => void;
}

export const processSignals: SignalSource = {
  subscribe(handler) {
    const sigs: StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const fns = sigs.map((s) => {
      const fn = () => handler(s);
      process.on(s, fn);
      return [s, fn] as const;
    });
    return () => {
      for (const [s, fn] of fns) process.off(s, fn);
    };
  },
};
