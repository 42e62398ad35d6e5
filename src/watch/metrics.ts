// `/metrics` of the watch process (prom-client, one Registry per watcher — no global state). Per-target gauges
// mirror the last sample so a Prometheus fleet gets the same data the SQLite history holds; names follow the
// client_golang conventions (base units, `_total` counters, `_ratio` shares). deploy/ builds on these names.

import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { WAIT_CLASSES, EVIDENCE_ORDER } from '../model/index.js';
import { topSites, type SiteCount } from './sites.js';
import type { Alert, OkSample, Sample } from './types.js';

export interface MetricsOptions {
  processMetrics?: boolean;
  /** Per-site series per target: the k sites with the most goroutines, the rest summed as `site="other"`. */
  siteTopK?: number;
}

export class WatchMetrics {
  readonly registry = new Registry();
  private readonly up: Gauge<'target'>;
  private readonly goroutines: Gauge<'target'>;
  private readonly byClass: Gauge<'target' | 'class'>;
  private readonly blockedChannel: Gauge<'target'>;
  private readonly timerGoroutines: Gauge<'target'>;
  private readonly parkedRatio: Gauge<'target'>;
  private readonly proven: Gauge<'target'>;
  private readonly suspects: Gauge<'target' | 'evidence'>;
  private readonly suspectGoroutines: Gauge<'target' | 'evidence'>;
  private readonly heapAlloc: Gauge<'target'>;
  private readonly heapInuse: Gauge<'target'>;
  private readonly nextGC: Gauge<'target'>;
  private readonly gcCycles: Counter<'target'>;
  private readonly gcPause: Counter<'target'>;
  private readonly scrapeDuration: Gauge<'target'>;
  private readonly scrapes: Counter<'target'>;
  private readonly scrapeErrors: Counter<'target' | 'reason'>;
  private readonly lastSuccess: Gauge<'target'>;
  private readonly firing: Gauge<'target' | 'rule' | 'severity'>;
  private readonly fired: Counter<'rule'>;
  readonly webhooks: Counter<'outcome'>;
  readonly captures: Counter<'outcome'>;
  readonly historyCommits: Counter;
  readonly historyErrors: Counter;
  readonly historyPending: Gauge;
  private readonly sites: Gauge<'target' | 'function' | 'site'>;
  private readonly info: Gauge<'target' | 'url' | 'dashboard'>;
  private readonly lastCounters = new Map<string, { gc?: number; pause?: number }>();
  private readonly firingLabels = new Map<string, Set<string>>();
  private readonly siteLabels = new Map<string, SiteCount[]>();
  private readonly infoLabels = new Map<string, { url: string; dashboard: string }>();
  private readonly siteTopK: number;

  constructor(opts: MetricsOptions = {}) {
    this.siteTopK = opts.siteTopK ?? 10;
    const r = [this.registry];
    const g = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Gauge<L>({ name, help, labelNames, registers: r });
    const c = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers: r });
    this.up = g('goroutine_guard_target_up', '1 if the last scrape of the target succeeded.', ['target']);
    this.goroutines = g('goroutine_guard_target_goroutines', 'Goroutines in the last profile.', ['target']);
    this.byClass = g('goroutine_guard_target_goroutines_by_wait_class', 'Goroutines per wait class.', [
      'target',
      'class',
    ]);
    this.blockedChannel = g(
      'goroutine_guard_target_blocked_channel_goroutines',
      'Goroutines parked in chan send, chan receive or select.',
      ['target'],
    );
    this.timerGoroutines = g(
      'goroutine_guard_target_timer_goroutines',
      'Goroutines waiting on timers: sleep, AfterFunc callbacks, ticker/timer channel receives (told from source when it resolves).',
      ['target'],
    );
    this.parkedRatio = g(
      'goroutine_guard_target_parked_ratio',
      'Share of goroutines waiting (not running, runnable or in a syscall).',
      ['target'],
    );
    this.proven = g(
      'goroutine_guard_target_proven_leaked_goroutines',
      'Goroutines the goroutineleak profile proved leaked.',
      ['target'],
    );
    this.suspects = g('goroutine_guard_target_leak_suspects', 'Leak-suspect sites by evidence level.', [
      'target',
      'evidence',
    ]);
    this.suspectGoroutines = g(
      'goroutine_guard_target_leak_suspect_goroutines',
      'Goroutines at leak-suspect sites by evidence level.',
      ['target', 'evidence'],
    );
    this.heapAlloc = g('goroutine_guard_target_heap_alloc_bytes', 'Target MemStats.HeapAlloc.', ['target']);
    this.heapInuse = g('goroutine_guard_target_heap_inuse_bytes', 'Target MemStats.HeapInuse.', ['target']);
    this.nextGC = g('goroutine_guard_target_next_gc_bytes', 'Target MemStats.NextGC.', ['target']);
    this.gcCycles = c('goroutine_guard_target_gc_cycles_total', 'GC cycles the target completed.', ['target']);
    this.gcPause = c('goroutine_guard_target_gc_pause_seconds_total', 'Stop-the-world GC pause of the target.', [
      'target',
    ]);
    this.scrapeDuration = g('goroutine_guard_scrape_duration_seconds', 'Duration of the last scrape.', ['target']);
    this.scrapes = c('goroutine_guard_scrapes_total', 'Scrapes attempted.', ['target']);
    this.scrapeErrors = c('goroutine_guard_scrape_errors_total', 'Failed scrapes by reason.', ['target', 'reason']);
    this.lastSuccess = g(
      'goroutine_guard_last_successful_scrape_timestamp_seconds',
      'Unix time of the last successful scrape.',
      ['target'],
    );
    this.firing = g('goroutine_guard_alerts_firing', 'Alerts firing now.', ['target', 'rule', 'severity']);
    this.fired = c('goroutine_guard_alerts_fired_total', 'Alerts that started firing.', ['rule']);
    this.webhooks = c('goroutine_guard_webhook_deliveries_total', 'Webhook deliveries by outcome.', ['outcome']);
    this.captures = c('goroutine_guard_captures_total', 'Triggered profile captures by outcome.', ['outcome']);
    this.sites = g(
      'goroutine_guard_target_site_goroutines',
      'Goroutines per blocking site (first user frame) of the target: the top-k sites, the rest summed as site="other".',
      ['target', 'function', 'site'],
    );
    this.info = g(
      'goroutine_guard_target_info',
      "1 per target this watch scrapes; `dashboard` links to the target's page on this watch's dashboard.",
      ['target', 'url', 'dashboard'],
    );
    this.historyCommits = new Counter({
      name: 'goroutine_guard_history_samples_committed_total',
      help: 'Samples committed to the SQLite history.',
      registers: r,
    });
    this.historyErrors = new Counter({
      name: 'goroutine_guard_history_write_errors_total',
      help: 'Failed history transactions.',
      registers: r,
    });
    this.historyPending = new Gauge({
      name: 'goroutine_guard_history_pending_samples',
      help: 'Samples waiting for the next commit.',
      registers: r,
    });
    if (opts.processMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: 'goroutine_guard_watch_' });
  }

  observe(s: Sample): void {
    const target = s.target;
    this.scrapes.inc({ target });
    this.scrapeDuration.set({ target }, s.durationMs / 1000);
    if (!s.ok) {
      this.up.set({ target }, 0);
      this.scrapeErrors.inc({ target, reason: s.reason });
      return;
    }
    this.up.set({ target }, 1);
    this.lastSuccess.set({ target }, (s.t + s.durationMs) / 1000);
    this.goroutines.set({ target }, s.goroutines);
    for (const c of WAIT_CLASSES) this.byClass.set({ target, class: c }, s.byClass[c] ?? 0);
    this.blockedChannel.set({ target }, s.blockedChannel);
    this.timerGoroutines.set({ target }, s.timerGoroutines);
    this.parkedRatio.set({ target }, s.goroutines ? s.parked / s.goroutines : 0);
    this.proven.set({ target }, s.leaked);
    this.observeSites(s);
    for (const e of EVIDENCE_ORDER) {
      this.suspects.set({ target, evidence: e }, s.evidence[e].sites);
      this.suspectGoroutines.set({ target, evidence: e }, s.evidence[e].goroutines);
    }
    const st = s.stats;
    if (!st) return;
    if (st.heapAlloc !== undefined) this.heapAlloc.set({ target }, st.heapAlloc);
    if (st.heapInuse !== undefined) this.heapInuse.set({ target }, st.heapInuse);
    if (st.nextGC !== undefined) this.nextGC.set({ target }, st.nextGC);
    // Mirror the target's counters as counters: add the increase, treat a decrease as a restart of the target.
    const last = this.lastCounters.get(target) ?? {};
    if (st.gcCycles !== undefined) {
      this.gcCycles.inc({ target }, increase(last.gc, st.gcCycles));
      last.gc = st.gcCycles;
    }
    if (st.gcPauseSeconds !== undefined) {
      this.gcPause.inc({ target }, increase(last.pause, st.gcPauseSeconds));
      last.pause = st.gcPauseSeconds;
    }
    this.lastCounters.set(target, last);
  }

  private observeSites(s: OkSample): void {
    if (this.siteTopK <= 0) return;
    const top = topSites(s, this.siteTopK);
    const key = (x: SiteCount) => `${x.function}\u0000${x.site}`;
    const now = new Set(top.map(key));
    for (const old of this.siteLabels.get(s.target) ?? [])
      if (!now.has(key(old))) this.sites.remove({ target: s.target, function: old.function, site: old.site });
    for (const x of top) this.sites.set({ target: s.target, function: x.function, site: x.site }, x.goroutines);
    this.siteLabels.set(s.target, top);
  }

  /** The target's info series: where its shard's dashboard shows it (changes when the public URL does). */
  targetInfo(target: string, url: string, dashboard: string): void {
    const old = this.infoLabels.get(target);
    if (old?.url === url && old.dashboard === dashboard) return;
    if (old) this.info.remove({ target, ...old });
    this.info.set({ target, url, dashboard }, 1);
    this.infoLabels.set(target, { url, dashboard });
  }

  /** Drops every series of a target this process no longer scrapes (discovery lost it, or another shard owns it). */
  async forget(target: string): Promise<void> {
    for (const m of this.registry.getMetricsAsArray()) {
      const metric = m as unknown as {
        labelNames?: string[];
        get(): Promise<{ values: { labels: Record<string, string | number> }[] }>;
        remove(labels: Record<string, string | number>): void;
      };
      if (!metric.labelNames?.includes('target')) continue;
      for (const v of (await metric.get()).values) if (v.labels.target === target) metric.remove(v.labels);
    }
    this.lastCounters.delete(target);
    this.firingLabels.delete(target);
    this.siteLabels.delete(target);
    this.infoLabels.delete(target);
  }

  alerts(target: string, firing: readonly Alert[], fired: readonly Alert[]): void {
    for (const a of fired) this.fired.inc({ rule: a.rule });
    const now = new Map<string, number>();
    for (const a of firing) {
      const k = `${a.rule}\u0000${a.severity}`;
      now.set(k, (now.get(k) ?? 0) + 1);
    }
    const before = this.firingLabels.get(target) ?? new Set<string>();
    for (const k of before) if (!now.has(k)) this.firing.set(labelsOf(target, k), 0);
    for (const [k, n] of now) this.firing.set(labelsOf(target, k), n);
    this.firingLabels.set(target, new Set([...before, ...now.keys()]));
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function increase(last: number | undefined, now: number): number {
  if (last === undefined) return 0;
  return now >= last ? now - last : now;
}

function labelsOf(target: string, k: string): { target: string; rule: string; severity: string } {
  const [rule, severity] = k.split('\u0000') as [string, string];
  return { target, rule, severity };
}
