// One scrape of one target: the goroutine profile, the goroutineleak profile when served, and the runtime metrics,
// fetched concurrently with the target's timeout and byte cap, then analyzed into a `Sample`. A failure of the
// goroutine profile makes a failed sample; the other two only add warnings.

import { analyzeDump, applySource, type Analysis, type BlockingLookup } from '../analysis/index.js';
import { GuardError } from '../core/index.js';
import { profileUrl } from './capture.js';
import type { TargetConfig } from './config-model.js';
import { getCapped, HttpError, type GetResult } from '../io/index.js';
import { parseRuntimeStats, type RuntimeStats } from './runtime-stats.js';
import { buildSample } from './sample.js';
import { localPath, TimerSites } from './timer-sites.js';
import type { Sample } from './types.js';

/** Source lines read to tell ticker waits, shared by every target (the same binary is often scraped many times). */
const timerSites = new TimerSites();

/**
 * The suspects' blocking lines, read as `analyze` reads them (a ticker loop is GG004 with the ticker fix, not GG002
 * with "close the channel"): one parser and file cache for every target, loaded on the first suspect.
 */
let sourceLookup: Promise<BlockingLookup | undefined> | undefined;
function lookupSource(): Promise<BlockingLookup | undefined> {
  sourceLookup ??= import('../check/index.js').then((m) => m.createSourceLookup({})).catch(() => undefined);
  return sourceLookup;
}

/** Whether the target serves a goroutineleak profile, as far as we know. */
export interface LeakProbe {
  available?: boolean;
  checkedAt: number;
}

export interface ScrapeOptions {
  /** Scrape start, ms since the epoch. */
  now: number;
  maxBuckets: number;
}

/** A goroutineleak endpoint that answered 404 is asked again after this long (a deploy may add it). */
const LEAK_REPROBE_MS = 600_000;

export async function scrapeTarget(t: TargetConfig, leakProbe: LeakProbe, o: ScrapeOptions): Promise<Sample> {
  const started = o.now;
  const t0 = performance.now();
  const opts = {
    timeoutMs: t.timeout,
    maxBytes: t.maxBytes,
    headers: t.headers,
  };
  const wantLeak =
    t.leakProfile === 'on' ||
    (t.leakProfile === 'auto' && (leakProbe.available !== false || started - leakProbe.checkedAt > LEAK_REPROBE_MS));
  const url = profileUrl(t, t.profilePath, t.debug);
  const [prof, leak, metrics] = await Promise.allSettled([
    getCapped(url, opts),
    wantLeak ? getCapped(profileUrl(t, t.leakProfilePath, t.debug), opts) : Promise.resolve(undefined),
    t.metrics ? getCapped(new URL(t.metrics, t.url + '/').toString(), opts) : Promise.resolve(undefined),
  ]);
  const fail = (e: unknown): Sample => ({
    target: t.name,
    t: started,
    ok: false,
    durationMs: performance.now() - t0,
    reason: e instanceof HttpError ? e.reason : 'parse',
    error: (e as Error).message,
  });
  if (prof.status === 'rejected') return fail(prof.reason);
  const warnings: string[] = [];
  let leakAnalysis: Analysis | undefined;
  if (leak.status === 'rejected') {
    const e = leak.reason as Error;
    const notFound = e instanceof HttpError && e.reason === 'not-found';
    if (notFound) {
      leakProbe.available = false;
      leakProbe.checkedAt = started;
    }
    if (t.leakProfile === 'on' || !notFound) warnings.push(`goroutineleak profile: ${e.message}`);
  } else if (leak.value) {
    leakProbe.available = true;
    try {
      leakAnalysis = await analyzeDump(leak.value.body, { source: `${t.name} goroutineleak` });
    } catch (e) {
      warnings.push(`goroutineleak profile: ${(e as Error).message}`);
    }
  }
  let stats: RuntimeStats | undefined;
  if (metrics.status === 'rejected') warnings.push(`metrics: ${(metrics.reason as Error).message}`);
  else if (metrics.value) stats = parseStats(metrics.value, warnings);
  let analysis: Analysis;
  try {
    analysis = await analyzeDump(prof.value.body, { source: url });
  } catch (e) {
    return fail(e instanceof GuardError ? e : new GuardError('bad-syntax', url, (e as Error).message));
  }
  const lookup = analysis.suspects.length ? await lookupSource() : undefined;
  if (lookup) applySource(analysis.suspects, (file, line, func) => lookup(localPath(file, t.sourceMap), line, func));
  const sample = buildSample({
    target: t.name,
    t: started,
    durationMs: performance.now() - t0,
    bytes: prof.value.body.length,
    analysis,
    ...(leakAnalysis ? { leak: leakAnalysis } : {}),
    ...(stats ? { stats } : {}),
    maxBuckets: o.maxBuckets,
    timerWait: (b) => timerSites.isTimerWait(b.site, b.waitClass, t.sourceMap),
  });
  sample.warnings.push(...warnings);
  return sample;
}

function parseStats(r: GetResult, warnings: string[]): RuntimeStats | undefined {
  try {
    return parseRuntimeStats(r.body, r.contentType, 'metrics');
  } catch (e) {
    // A GuardError whose message starts with `metrics:`.
    warnings.push((e as Error).message);
    return undefined;
  }
}
