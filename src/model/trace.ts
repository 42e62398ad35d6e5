// What an execution trace (runtime/trace) adds to an analysis besides the goroutines alive at its end: how many
// goroutines came and went, when, from which `go` statements, and per suspect how long its goroutines lived and
// who last woke them. Times are nanoseconds from the first event of the trace.

import type { SourceLocation } from './finding.js';

export interface TraceLifecycle {
  /** The trace header's Go version: `go 1.23`. */
  traceVersion: string;
  /** The toolchain that built the reader (`go1.26.8`). */
  readerGoVersion: string;
  bytes: number;
  events: number;
  durationNs: number;
  goroutines: {
    seen: number;
    /** Existed when tracing began. */
    atStart: number;
    created: number;
    exited: number;
    aliveAtEnd: number;
    /** Created during the trace and blocked at its end: the goroutines the suspects are drawn from. */
    createdBlocked: number;
  };
  /** Per interval of `widthNs`: goroutines created, exited, and alive at the interval's end. */
  intervals: { widthNs: number; created: number[]; exited: number[]; alive: number[] };
  /** Creation sites with goroutines still alive at the end, most alive first (at most 20). */
  sites: TraceSiteSummary[];
  /** The reader's own time, in milliseconds. */
  readerMs: number;
}

export interface TraceSiteSummary {
  /** The `go` statement (the creator's innermost frame). */
  createdAt?: SourceLocation;
  created: number;
  exited: number;
  alive: number;
  /** Mean lifetime of those that exited. */
  meanLifetimeNs?: number;
}

/** `Finding.data.trace` of a suspect drawn from a trace. */
export interface TraceSuspectData {
  /** Lifetime (creation → end of trace) range over the suspect's goroutines. */
  lifetimeNs: { min: number; max: number };
  /** Time blocked in the last wait (last block → end of trace). */
  blockedNs: { min: number; max: number };
  /** The runtime's block reason: `chan send`, `select`, `sync`… */
  reason: string;
  /** Its creation site's totals over the whole trace. */
  site: { created: number; exited: number };
  /** Creations of the suspect's goroutines per interval (same intervals as the lifecycle). */
  createdPerInterval: number[];
  /** The last time one of them was made runnable before its final block. */
  lastUnblock?: { atNs: number; goroutine: number; by?: number; location?: SourceLocation };
}
