// An execution trace → an Analysis. The goroutines created during the trace and blocked at its end go through the
// same buckets, groups, patterns and fixes as a dump's; the trace decides their evidence from what a dump cannot
// show:
//   confirmed  a site whose goroutines were created all through the trace (≥ 3 of them, in ≥ 3 tenths of it) and
//              none of which ever exited: the count only grew
//   suspected  blocked since before the last quarter of the trace, from a site none of whose goroutines exited
//   possible   the rest of the leak-prone ones; goroutines from sites that also saw exits and are younger than
//              twice the site's mean lifetime are in flight (their number is load, not concentration)
// Each suspect gets `data.trace` (TraceSuspectData): lifetimes, time blocked, the block reason, its site's
// creation/exit totals, creations per interval and the last wake-up before the final block.

import type { Finding, TraceLifecycle, TraceSiteSummary, TraceSuspectData } from '../model/index.js';
import { toFrame, toLocation, traceModel } from '../profile/index.js';
import type { TraceGoroutine, TraceOutput } from '../static/index.js';
import { createAnalyzer, type AnalyzeOptions, type Analysis } from './analyze.js';
import { bucketize, type Bucket } from './bucket.js';
import { compareFindings, GREW_SENTENCE, testOf } from './suspects.js';

const MAX_SITES = 20;
/** What `growing` (suspects.ts) means for a trace. */
const GREW_IN_TRACE = 'The trace shows these goroutines created all along and none of their site ever exiting.';

export function analyzeTrace(out: TraceOutput, source: string, opts: AnalyzeOptions = {}): Analysis {
  const model = traceModel(out, source);
  const dur = Math.max(out.durationNs, 1);
  const growing = new Set<string>();
  const persistent = new Set<string>();
  const transient = new Set<string>();
  const members = (b: Bucket) => b.ids.map((id) => model.byId.get(id)).filter((t): t is TraceGoroutine => !!t);
  for (const b of bucketize(model.goroutines, { similarity: opts.similarity ?? 'loose' })) {
    const ts = members(b);
    const sites = new Set(ts.map((t) => t.site));
    const exits = [...sites].reduce((n, s) => n + (out.sites[s]?.exited ?? 0), 0);
    const tenths = new Set(ts.map((t) => Math.floor(((t.createdNs ?? 0) / dur) * 10)));
    if (exits === 0 && ts.length >= 3 && tenths.size >= 3) growing.add(b.fingerprint);
    else if (exits === 0 && ts.every((t) => t.blockedNs >= 0 && t.blockedNs < dur * 0.75)) {
      persistent.add(b.fingerprint);
    } else if (exits > 0) {
      const lifetime = [...sites].reduce((n, s) => n + (out.sites[s]?.lifetimeNs ?? 0), 0) / exits;
      if (ts.every((t) => dur - (t.createdNs ?? 0) < 2 * lifetime)) transient.add(b.fingerprint);
    }
  }
  const a = createAnalyzer({ ...opts, growing, persistent, transient });
  for (const g of model.goroutines) a.add(g);
  const analysis = a.finish(model.info);
  const byFingerprint = new Map(analysis.buckets.map((b) => [b.fingerprint, b]));
  for (const f of analysis.suspects) {
    const fps = (f.data?.fingerprints as string[] | undefined) ?? (f.fingerprint ? [f.fingerprint] : []);
    const ts = fps.flatMap((fp) => {
      const b = byFingerprint.get(fp);
      return b ? members(b) : [];
    });
    if (ts.length === 0) continue;
    f.data = { ...f.data, trace: suspectData(out, ts) };
    const test = testOfCreation(out, ts);
    if (test && f.data.test === undefined) f.data.test = test;
    if (f.explanation) f.explanation = f.explanation.replace(GREW_SENTENCE, GREW_IN_TRACE);
  }
  analysis.suspects.sort(compareFindings);
  analysis.trace = lifecycle(out, model.goroutines.length);
  return analysis;
}

/** `go test -trace`: the test whose goroutine ran the `go` statement (its site's stack has `testing.tRunner`). */
function testOfCreation(out: TraceOutput, ts: TraceGoroutine[]): string | undefined {
  for (const t of ts) {
    const site = out.sites[t.site];
    const frames = site && site.stack >= 0 ? out.stacks[site.stack]?.frames : undefined;
    const test = frames && testOf(frames.map(toFrame));
    if (test) return test;
  }
  return undefined;
}

function range(xs: number[]): { min: number; max: number } {
  return { min: Math.min(...xs), max: Math.max(...xs) };
}

function suspectData(out: TraceOutput, ts: TraceGoroutine[]): TraceSuspectData {
  const end = out.durationNs;
  const sites = new Set(ts.map((t) => t.site));
  const createdPerInterval = out.intervals.created.map(() => 0);
  for (const t of ts) {
    const i = Math.min(Math.floor((t.createdNs ?? 0) / out.intervals.widthNs), createdPerInterval.length - 1);
    createdPerInterval[i]! += 1;
  }
  let last: TraceGoroutine | undefined;
  for (const t of ts) if (t.lastUnblock && (!last || t.lastUnblock.atNs > last.lastUnblock!.atNs)) last = t;
  const data: TraceSuspectData = {
    lifetimeNs: range(ts.map((t) => end - (t.createdNs ?? 0))),
    blockedNs: range(ts.map((t) => (t.blockedNs >= 0 ? end - t.blockedNs : end))),
    reason: ts[0]!.reason ?? '',
    site: {
      created: [...sites].reduce((n, s) => n + (out.sites[s]?.created ?? 0), 0),
      exited: [...sites].reduce((n, s) => n + (out.sites[s]?.exited ?? 0), 0),
    },
    createdPerInterval,
  };
  if (last?.lastUnblock) {
    const u = last.lastUnblock;
    const where = u.stack >= 0 ? out.stacks[u.stack]?.frames.find((f) => !f.func.startsWith('runtime.')) : undefined;
    const location = toLocation(where);
    data.lastUnblock = {
      atNs: u.atNs,
      goroutine: last.id,
      ...(u.by >= 0 ? { by: u.by } : {}),
      ...(location ? { location } : {}),
    };
  }
  return data;
}

function lifecycle(out: TraceOutput, createdBlocked: number): TraceLifecycle {
  const { created, exited, widthNs } = out.intervals;
  const alive: number[] = [];
  let n = out.goroutines.atStart;
  for (let i = 0; i < created.length; i++) {
    n += (created[i] ?? 0) - (exited[i] ?? 0);
    alive.push(n);
  }
  const aliveBySite = new Map<number, number>();
  for (const t of out.alive) if (t.site >= 0) aliveBySite.set(t.site, (aliveBySite.get(t.site) ?? 0) + 1);
  const isRuntime = (i: number) => /^runtime[./]/.test(out.stacks[out.sites[i]?.stack ?? -1]?.frames[0]?.func ?? '');
  const sites: TraceSiteSummary[] = [...aliveBySite]
    .filter(([i]) => !isRuntime(i))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_SITES)
    .map(([i, n]) => {
      const s = out.sites[i]!;
      const at = toLocation(s.stack >= 0 ? out.stacks[s.stack]?.frames[0] : undefined);
      return {
        ...(at ? { createdAt: at } : {}),
        created: s.created,
        exited: s.exited,
        alive: n,
        ...(s.exited > 0 ? { meanLifetimeNs: Math.round(s.lifetimeNs / s.exited) } : {}),
      };
    });
  return {
    traceVersion: out.traceVersion,
    readerGoVersion: out.goVersion,
    bytes: out.bytes,
    events: out.events,
    durationNs: out.durationNs,
    goroutines: { ...out.goroutines, createdBlocked },
    intervals: { widthNs, created, exited, alive },
    sites,
    readerMs: out.elapsedMs,
  };
}

/** Finding.data.trace of a suspect, when it came from a trace. */
export function traceDataOf(f: Finding): TraceSuspectData | undefined {
  return f.data?.trace as TraceSuspectData | undefined;
}
