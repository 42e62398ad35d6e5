// Which leftover goroutines are not leaks. Rules are data, so the same list drives both sides: the generated Go
// harness uses it to stop settling early (it only knows function names), and the TypeScript side applies it to
// the parsed dump (and adds regexes, which only it evaluates). Each default rule says why it is benign.
//
// The test default set is deliberately narrower than the one for live services: in a test, an httptest server,
// a database/sql opener or an HTTP keep-alive loop still running after the test returned IS a leak.

import type { Frame, Goroutine } from '../model/index.js';
import type { GoTestOptions } from './options.js';

export interface IgnoreRule {
  name: string;
  /** Why matching goroutines are benign (or, for user rules, which option added it). */
  why: string;
  /** The top function (first frame outside package `runtime`) is one of these. `pkg.F*` matches a prefix. */
  top?: readonly string[];
  /** Any frame is in one of these functions. */
  any?: readonly string[];
  /** The goroutine was created by one of these functions. */
  createdBy?: readonly string[];
  /** Every printed frame is in package runtime (goroutines the runtime owns). */
  onlyRuntime?: boolean;
  /** JS regular expressions tested against every function name, including the creator (TypeScript side only). */
  regex?: readonly RegExp[];
}

/** Benign goroutines that a test may start and that outlive it by design. Named, one reason each. */
export const DEFAULT_IGNORE_RULES: readonly IgnoreRule[] = [
  {
    name: 'os-signal-loop',
    why: 'signal.Notify starts one process-wide receiver loop that runs until the process exits, by design',
    top: ['os/signal.signal_recv'],
    any: ['os/signal.loop'],
  },
  {
    name: 'runtime-owned',
    why: 'goroutines whose whole stack is in package runtime are owned by the runtime (workers, signal mask)',
    onlyRuntime: true,
  },
  {
    name: 'fuzz-engine',
    why: 'the native fuzzing engine keeps coordinator/worker goroutines for the whole -fuzz session',
    any: ['internal/fuzz.*'],
  },
  {
    name: 'trace-reader',
    why: 'an execution trace started with -test.trace is read by a goroutine until the testing package stops it',
    top: ['runtime/trace.Start.func1'],
  },
];

/** The rules for one run: the default set (unless turned off) plus the user's options. */
export function ignoreRules(
  opts: Pick<GoTestOptions, 'defaultIgnores' | 'ignoreTop' | 'ignoreAny' | 'ignoreCreatedBy' | 'ignoreRegex'>,
): IgnoreRule[] {
  const rules: IgnoreRule[] = opts.defaultIgnores ? [...DEFAULT_IGNORE_RULES] : [];
  if (opts.ignoreTop.length) rules.push({ name: 'ignore-top', why: '--ignore-top', top: opts.ignoreTop });
  if (opts.ignoreAny.length) rules.push({ name: 'ignore-any', why: '--ignore-any', any: opts.ignoreAny });
  if (opts.ignoreCreatedBy.length) {
    rules.push({ name: 'ignore-created-by', why: '--ignore-created-by', createdBy: opts.ignoreCreatedBy });
  }
  if (opts.ignoreRegex.length) {
    rules.push({ name: 'ignore-regex', why: '--ignore-regex', regex: opts.ignoreRegex.map((r) => new RegExp(r)) });
  }
  return rules;
}

/** Name of the first rule that ignores `g`, or undefined when `g` counts. */
export function ignoredBy(g: Goroutine, rules: readonly IgnoreRule[]): string | undefined {
  const funcs = g.frames.map((f) => f.func);
  const top = topFunction(g.frames);
  const created = g.createdBy?.func;
  for (const r of rules) {
    if (r.onlyRuntime && top === undefined && funcs.length > 0) return r.name;
    if (r.top && top !== undefined && r.top.some((p) => matchFunc(p, top))) return r.name;
    if (r.any && funcs.some((f) => r.any!.some((p) => matchFunc(p, f)))) return r.name;
    if (r.createdBy && created !== undefined && r.createdBy.some((p) => matchFunc(p, created))) return r.name;
    if (r.regex) {
      const names = created !== undefined ? [...funcs, created] : funcs;
      if (r.regex.some((re) => names.some((n) => re.test(n)))) return r.name;
    }
  }
  return undefined;
}

/** The first frame outside package runtime: what goleak calls the top function. */
export function topFunction(frames: readonly Frame[]): string | undefined {
  return frames.find((f) => !f.func.startsWith('runtime.'))?.func;
}

/** `pattern` equals `name`, or ends in `*` and is a prefix of it. The Go harness implements the same rule. */
export function matchFunc(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}
