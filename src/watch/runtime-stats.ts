// A target's MemStats/GC numbers (and the agent's own gauges) from whichever metrics endpoint it serves:
// Prometheus text (client_golang `/metrics`, the agent's `/debug/goroutine-guard/metrics`) or expvar JSON
// (`/debug/vars`). Pure: bytes in, numbers out; unknown metrics are ignored.

import { GuardError } from '../core/index.js';

export interface RuntimeStats {
  heapAlloc?: number;
  heapInuse?: number;
  heapObjects?: number;
  nextGC?: number;
  /** Completed GC cycles (a counter). */
  gcCycles?: number;
  /** Total stop-the-world pause, seconds (a counter). */
  gcPauseSeconds?: number;
  /** Goroutines according to the target's own metrics (runtime.NumGoroutine). */
  goroutines?: number;
  /** goroutine-guard agent gauges, when the endpoint is the agent's. */
  agent?: {
    goroutines?: number;
    provenLeaks?: number;
    blockedChannel?: number;
    leakSuspects?: number;
    leakProfileAvailable?: boolean;
    degraded?: boolean;
  };
}

/**
 * Detects the format from the body and parses it. Garbage is a GuardError naming `source` (the metrics URL), the
 * line where it can tell, and what was expected.
 */
export function parseRuntimeStats(body: Buffer | string, contentType = '', source = 'metrics'): RuntimeStats {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const first = text.trimStart()[0];
  if (/json/i.test(contentType) || first === '{') return fromExpvar(text, source);
  return fromPrometheus(text, source);
}

/** `name{labels} value [timestamp]` samples; only unlabelled ones or the few labelled ones we need. */
export function parsePrometheusText(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = Number(m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : m[3]);
    if (Number.isNaN(value) && m[3] !== 'NaN') continue;
    out.set(m[2] ? `${m[1]}${m[2].replace(/\s+/g, '')}` : m[1]!, value);
  }
  return out;
}

function fromPrometheus(text: string, source: string): RuntimeStats {
  const m = parsePrometheusText(text);
  if (m.size === 0) {
    throw new GuardError('bad-syntax', source, 'no Prometheus samples in the metrics response', {}, EXPECTED);
  }
  const s: RuntimeStats = {};
  set(s, 'heapAlloc', m.get('go_memstats_heap_alloc_bytes'));
  set(s, 'heapInuse', m.get('go_memstats_heap_inuse_bytes'));
  set(s, 'heapObjects', m.get('go_memstats_heap_objects'));
  set(s, 'nextGC', m.get('go_memstats_next_gc_bytes'));
  set(s, 'gcCycles', m.get('go_gc_duration_seconds_count') ?? m.get('go_gc_cycles_total_gc_cycles_total'));
  set(s, 'gcPauseSeconds', m.get('go_gc_duration_seconds_sum'));
  set(s, 'goroutines', m.get('go_goroutines') ?? m.get('goroutine_guard_goroutines'));
  if ([...m.keys()].some((k) => k.startsWith('goroutine_guard_'))) {
    const a: NonNullable<RuntimeStats['agent']> = {};
    set(a, 'goroutines', m.get('goroutine_guard_goroutines'));
    set(a, 'provenLeaks', m.get('goroutine_guard_proven_leaks'));
    set(a, 'blockedChannel', m.get('goroutine_guard_blocked_channel_goroutines'));
    set(a, 'leakSuspects', m.get('goroutine_guard_leak_suspects'));
    const avail = m.get('goroutine_guard_leak_profile_available');
    if (avail !== undefined) a.leakProfileAvailable = avail === 1;
    const degraded = m.get('goroutine_guard_degraded');
    if (degraded !== undefined) a.degraded = degraded === 1;
    s.agent = a;
  }
  return s;
}

const EXPECTED = 'Prometheus text (`name value` lines) or expvar JSON with "memstats"';

function fromExpvar(text: string, source: string): RuntimeStats {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    const offset = at ? Number(at[1]) : undefined;
    const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
    throw new GuardError('bad-syntax', source, `expvar response is not JSON: ${msg}`, { line, offset }, EXPECTED);
  }
  const ms = (j as { memstats?: Record<string, unknown> } | null)?.memstats;
  if (!ms || typeof ms !== 'object') {
    throw new GuardError('bad-syntax', source, 'expvar response has no "memstats" object', { line: 1 }, EXPECTED);
  }
  const num = (k: string) => (typeof ms[k] === 'number' ? (ms[k] as number) : undefined);
  const s: RuntimeStats = {};
  set(s, 'heapAlloc', num('HeapAlloc'));
  set(s, 'heapInuse', num('HeapInuse'));
  set(s, 'heapObjects', num('HeapObjects'));
  set(s, 'nextGC', num('NextGC'));
  set(s, 'gcCycles', num('NumGC'));
  const pause = num('PauseTotalNs');
  if (pause !== undefined) s.gcPauseSeconds = pause / 1e9;
  return s;
}

function set<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined && !Number.isNaN(v as number)) o[k] = v;
}
