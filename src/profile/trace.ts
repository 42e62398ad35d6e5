// Execution traces (runtime/trace) → the shared model. The Go helper (`gg-analyzer trace`, analyzer/trace) reads
// the trace as a stream and prints per-goroutine state only (src/static/deep/protocol.ts); this turns the goroutines
// alive at the end into `Goroutine` records the dump analysis takes as they are: the stack at the last block as
// frames, the `go` statement as `created by`, the block reason as the state.

import type { DumpInfo, Frame, Goroutine, GoroutineId, SourceLocation } from '../model/index.js';
import type { TraceFrame, TraceGoroutine, TraceOutput } from '../static/index.js';
import { makeFrame, splitFuncName } from './frame.js';
import { classifyState, inferState } from './wait.js';

/** `go 1.22 trace\0\0\0` (Go 1.22+) or `go 1.11 trace\0\0\0` (older): the first 16 bytes of every trace file. */
const HEADER = /^go 1\.\d{1,2} trace\0\0\0/;

/** True when `head` (at least the first 16 bytes of an input) starts like a Go execution trace. */
export function isTraceHeader(head: Uint8Array): boolean {
  return head.length >= 16 && HEADER.test(Buffer.from(head.subarray(0, 16)).toString('latin1'));
}

export interface TraceModel {
  /** Goroutines created during the trace and blocked at its end, one record each (`count` 1). */
  goroutines: Goroutine[];
  /** The trace's record for each of them, by goroutine id. */
  byId: Map<GoroutineId, TraceGoroutine>;
  info: DumpInfo;
}

/** Runtime goroutines that tracing itself starts: present in every trace, never the program's. */
const TRACER_FUNCS = /^runtime(\/trace)?\.(\(\*trace|trace|\(\*traceMultiplexer\))/;

export function toFrame(f: TraceFrame): Frame {
  return makeFrame(splitFuncName(f.func), f.file, f.line);
}

export function toLocation(f: TraceFrame | undefined): SourceLocation | undefined {
  return f && { file: f.file, line: f.line, func: f.func };
}

/** The block state a dump would print for this goroutine. */
export function traceState(frames: readonly Frame[], reason: string | undefined): string {
  let state = inferState(frames);
  if (state === 'running' || state === 'waiting') state = REASONS[reason ?? ''] ?? reason ?? state;
  if (reason === 'forever' && (state === 'chan send' || state === 'chan receive')) state += ' (nil chan)';
  return state;
}

// The runtime's trace block reasons (traceBlockReason) spelled as goroutine dumps spell the wait.
const REASONS: Record<string, string> = {
  'chan send': 'chan send',
  'chan receive': 'chan receive',
  select: 'select',
  'sync.(*Cond).Wait': 'sync.Cond.Wait',
  sync: 'semacquire',
  sleep: 'sleep',
  network: 'IO wait',
  forever: 'select (no cases)',
  'system goroutine wait': 'GC worker (idle)',
  'GC mark assist wait for work': 'GC assist wait',
  'GC background sweeper wait': 'GC sweep wait',
  'wait until GC ends': 'GC assist wait',
  synctest: 'synctest',
};

/** The goroutines of a trace that the leak analysis looks at, as model records. */
export function traceModel(out: TraceOutput, source: string): TraceModel {
  const goroutines: Goroutine[] = [];
  const byId = new Map<GoroutineId, TraceGoroutine>();
  const frames = (i: number) => (i >= 0 ? (out.stacks[i]?.frames ?? []) : []);
  for (const t of out.alive) {
    if (!t.created || t.state !== 'waiting') continue;
    const start = frames(t.start)[0]?.func ?? '';
    if (TRACER_FUNCS.test(start)) continue;
    const stack = frames(t.block).map(toFrame);
    const site = out.sites[t.site];
    const go = site ? frames(site.stack)[0] : undefined;
    const state = traceState(stack, t.reason);
    const g: Goroutine = {
      id: t.id,
      count: 1,
      state,
      stateInferred: false,
      waitClass: classifyState(state),
      waitMinutes: t.blockedNs >= 0 ? Math.floor((out.durationNs - t.blockedNs) / 60e9) : 0,
      locked: false,
      leaked: false,
      labels: {},
      frames: stack.length > 0 ? stack : frames(t.start).map(toFrame),
      elided: 0,
      ancestors: [],
      ...(go ? { createdBy: toFrame(go) } : {}),
      ...(t.creator !== undefined && t.creator > 0 ? { creatorId: t.creator } : {}),
    };
    goroutines.push(g);
    byId.set(t.id, t);
  }
  const info: DumpInfo = {
    source,
    format: 'trace',
    leakProfile: false,
    declaredTotal: out.goroutines.aliveAtEnd,
    parsed: goroutines.length,
    truncated: false,
    complete: goroutines.length,
    warnings: [],
  };
  return { goroutines, byId, info };
}
