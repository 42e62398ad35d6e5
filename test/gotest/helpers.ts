// Shared by the gotest suites: run the real CLI in-process against the test modules, checksum a tree, read JSON
// event streams.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli as runCliIn, type CliRun } from '../helpers/cli.js';

export const GOTEST_DATA = new URL('../../testdata/gotest/', import.meta.url).pathname;
export const LEAKS = join(GOTEST_DATA, 'leaks');
export const SECOND = join(GOTEST_DATA, 'second');
export const EXTRA = join(GOTEST_DATA, 'extra');

export type { CliRun };

/** Runs `goroutine-guard <args>` in-process with its own streams (the shared helper, with this suite's cwd/env). */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return runCliIn(args, { cwd, env });
}

/** sha256 over every file path and content under `dir` (sorted): proves a run wrote nothing there. */
export function treeChecksum(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else h.update(`${p}\0${st.size}\0`).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

export interface LeakEvent {
  Action: 'leak';
  Package: string;
  Test: string;
  Goroutines: number;
  Proven: number;
  BlamedVia: string;
  Output: string;
  Findings: Array<{
    ruleId: string;
    count: number;
    evidence: string;
    message: string;
    location?: { file: string; line: number };
    createdAt?: { file: string; line: number };
  }>;
}

export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** `pkg-suffix TestName → goroutines` for every leak event, sorted, for exact comparisons. */
export function blamed(events: Array<Record<string, unknown>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    if (e.Action !== 'leak') continue;
    const l = e as unknown as LeakEvent;
    out[`${l.Package.replace(/^example\.com\/gg\//, '')} ${l.Test}`] = l.Goroutines;
  }
  return out;
}
