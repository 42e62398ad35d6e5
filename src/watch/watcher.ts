// The long-lived watch loop: scrape → analyze → sample → rules → alerts → history, metrics, webhooks, captures.
// All I/O comes in through `WatcherDeps` (fetch, clock, log) so tests drive it against real local services.

import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AlertBook } from './alerts.js';
import { captureProfiles } from './capture.js';
import type { TargetConfig, WatchConfig } from './config-model.js';
import { WatchMetrics } from './metrics.js';
import { HistoryQueries } from './queries.js';
import { evaluate, evaluateDown, historyCapacity, TargetHistory, toPoint, type Evaluation } from './rules.js';
import { alertSuspects, evidenceByStack, evidenceCounts, refineSuspects, summarizeSuspect } from './sample.js';
import { realClock, Scheduler, type Clock } from './scheduler.js';
import { scrapeTarget, type LeakProbe } from './scrape.js';
import { RemoteWriter, sampleSeries } from './remote-write.js';
import { Store } from './store.js';
import type { Alert, Sample, SuspectSummary } from './types.js';
import { Notifier, ResendBook, type AlertEvent } from './webhooks.js';
import type { Evidence } from '../model/index.js';

export interface WatcherDeps {
  /** Webhook deliveries only (scrapes and captures use io/http). */
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  /** One line per notable event (alert transitions, write errors). Default: none. */
  log?: (line: string) => void;
  /** Delays between webhook retries (tests shorten them). */
  webhookRetryDelays?: readonly number[];
  processMetrics?: boolean;
}

/** What the dashboard's live updates carry. */
export interface SampleEvent {
  target: string;
  t: number;
  ok: boolean;
  goroutines?: number;
  firing: number;
}

const MAINTENANCE_MS = 600_000;

interface TargetState {
  cfg: TargetConfig;
  history: TargetHistory;
  failures: number;
  leak: LeakProbe;
  lastCaptureAt: number;
  growing: Set<string>;
  last?: {
    t: number;
    ok: boolean;
    goroutines?: number;
    error?: string;
    suspects: SuspectSummary[];
    /** Evidence level per suspect stack of the last good sample (the stack page shows it). */
    evidence: Record<string, Evidence>;
  };
}

export class Watcher {
  readonly metrics: WatchMetrics;
  readonly queries: HistoryQueries;
  private readonly targets = new Map<string, TargetState>();
  private readonly book: AlertBook;
  private readonly notifier: Notifier;
  private readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly listeners = new Set<(e: SampleEvent) => void>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly resends: ResendBook;
  private readonly remote: RemoteWriter | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private publicUrl: string | undefined;

  private constructor(
    readonly cfg: WatchConfig,
    readonly store: Store,
    firing: Alert[],
    private readonly deps: WatcherDeps,
  ) {
    this.clock = deps.clock ?? realClock;
    this.metrics = new WatchMetrics({ processMetrics: deps.processMetrics !== false, siteTopK: cfg.siteTopK });
    this.queries = new HistoryQueries(store.client);
    this.remote = cfg.remoteWrite ? new RemoteWriter(cfg.remoteWrite, (l) => this.log(l)) : undefined;
    this.book = new AlertBook(firing, () => store.allocateAlertId());
    this.resends = new ResendBook(cfg.webhooks);
    this.notifier = new Notifier(cfg.webhooks, {
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.webhookRetryDelays ? { retryDelays: deps.webhookRetryDelays } : {}),
      onResult: (r) => {
        this.metrics.webhooks.inc({ outcome: r.ok ? 'ok' : 'error' });
        if (!r.ok)
          this.log(`webhook ${r.webhook} failed after ${r.attempts} attempts: ${r.error ?? `HTTP ${r.status}`}`);
      },
    });
    this.scheduler = new Scheduler(
      cfg.targets.map((t) => ({ name: t.name, interval: t.interval })),
      (name) => this.scrape(name),
      {
        concurrency: cfg.concurrency,
        jitter: cfg.jitter,
        backoffMax: cfg.backoffMax,
        clock: this.clock,
        ...(deps.random ? { random: deps.random } : {}),
      },
    );
  }

  /** Opens (or continues) the history in `cfg.data` and restores each target's recent history and open alerts. */
  static async open(cfg: WatchConfig, deps: WatcherDeps = {}): Promise<Watcher> {
    const store = await Store.open(join(cfg.data, 'watch.db'));
    const firing = await store.loadFiringAlerts();
    const w = new Watcher(cfg, store, firing, deps);
    for (const t of cfg.targets) await w.load(t);
    await store.flush();
    return w;
  }

  /** Restores a target's recent history from the store and tracks it (not scheduled: callers do that). */
  private async load(t: TargetConfig): Promise<void> {
    this.store.targetId(t.name, t.url, this.clock.now());
    const history = new TargetHistory(historyCapacity(t.rules));
    const loaded = await this.store.loadHistory(t.name, history.capacity);
    for (const p of loaded.points) history.push(p);
    for (const [fp, lp] of loaded.leakProne) history.leakProne.set(fp, lp);
    this.targets.set(t.name, {
      cfg: t,
      history,
      failures: 0,
      leak: { checkedAt: 0 },
      lastCaptureAt: 0,
      growing: new Set(),
    });
  }

  /**
   * Replaces the set of scraped targets (discovery, sharding) without a restart: new ones continue their stored
   * history, lost ones stop being scraped and leave /metrics (their history stays in SQLite and on the
   * dashboard), a target whose URL changed starts over under the same name. Returns the names added and removed.
   */
  async setTargets(next: readonly TargetConfig[]): Promise<{ added: string[]; removed: string[] }> {
    const want = new Map(next.map((t) => [t.name, t]));
    const removed: string[] = [];
    const added: string[] = [];
    for (const [name, st] of this.targets) {
      const n = want.get(name);
      if (n && n.url === st.cfg.url && n.interval === st.cfg.interval) {
        st.cfg = n;
        continue;
      }
      this.scheduler.remove(name);
      this.targets.delete(name);
      await this.metrics.forget(name);
      if (!n) removed.push(name);
    }
    for (const t of next) {
      if (this.targets.has(t.name) || this.stopping) continue;
      await this.load(t);
      this.scheduler.add({ name: t.name, interval: t.interval });
      added.push(t.name);
    }
    await this.store.flush();
    return { added, removed };
  }

  start(): void {
    this.scheduler.start();
    this.remote?.start();
    this.timers.push(setInterval(() => void this.flush(), this.cfg.flushInterval));
    this.timers.push(setInterval(() => void this.maintain(), MAINTENANCE_MS));
    for (const t of this.timers) t.unref();
    this.track(this.maintain());
  }

  /** One round over every target, then waits for captures and notifications (for `--once` and tests). */
  async runOnce(): Promise<void> {
    await this.scheduler.runOnce();
    await Promise.allSettled([...this.background]);
    await this.flush();
    await this.remote?.flush();
  }

  /** Graceful stop: no new scrapes, wait for those in flight, commit pending writes, deliver notifications. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    await this.scheduler.stop();
    await Promise.allSettled([...this.background]);
    await this.flush();
    await this.remote?.stop();
    await this.notifier.drain(5000);
    await this.store.close();
  }

  onSample(fn: (e: SampleEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  firing(target?: string): Alert[] {
    return this.book.firing(target);
  }

  growing(target: string): ReadonlySet<string> {
    return this.targets.get(target)?.growing ?? new Set();
  }

  targetConfigs(): TargetConfig[] {
    return [...this.targets.values()].map((s) => s.cfg);
  }

  lastState(target: string): TargetState['last'] {
    return this.targets.get(target)?.last;
  }

  /** Scrapes one target now; resolves to true on success. Exposed for tests and `--once`. */
  async scrape(name: string): Promise<boolean> {
    const st = this.targets.get(name);
    if (!st) return false;
    const sample = await scrapeTarget(st.cfg, st.leak, {
      now: this.clock.now(),
      maxBuckets: this.cfg.maxBucketsPerSample,
    });
    // Discovery took the target away while it was scraped: this shard no longer owns it.
    if (this.targets.get(name) !== st) return sample.ok;
    this.process(st, sample);
    return sample.ok;
  }

  private process(st: TargetState, sample: Sample): void {
    const t = st.cfg;
    const now = this.clock.now();
    const tid = this.store.targetId(t.name, t.url, now);
    let ev: Evaluation;
    if (sample.ok) {
      st.failures = 0;
      for (const [fp, s] of sample.stacks) st.history.leakProne.set(fp, s.leakProne);
      st.history.push(toPoint(sample));
      ev = evaluate(sample, st.history, t.rules);
      const leaked = new Map(sample.buckets.filter((b) => b.leaked > 0).map((b) => [b.fingerprint, b.leaked]));
      sample.suspects = refineSuspects(sample.suspects, ev.growing, leaked);
      sample.evidence = evidenceCounts(sample.suspects);
      st.growing = ev.growing;
    } else {
      st.failures++;
      ev = evaluateDown(st.failures, sample.error, t.rules);
    }
    this.metrics.observe(sample);
    this.metrics.targetInfo(t.name, t.url, this.dashboardUrl(t.name));
    if (this.cfg.remoteWrite) this.remote?.push(sampleSeries(sample, this.cfg.remoteWrite.labels, this.cfg.siteTopK));
    this.store.enqueueSample(sample, tid);
    this.metrics.historyPending.set(this.store.pendingCount);
    const tr = this.book.update(t.name, ev, now, t.rules, (c) => alertSuspects(c, sample));
    for (const a of [...tr.fired, ...tr.resolved, ...tr.updated]) this.store.enqueueAlert(a, tid);
    this.metrics.alerts(t.name, this.book.firing(t.name), tr.fired);
    st.last = sample.ok
      ? {
          t: sample.t,
          ok: true,
          goroutines: sample.goroutines,
          suspects: sample.suspects.slice(0, 5).map(summarizeSuspect),
          evidence: evidenceByStack(sample),
        }
      : {
          t: sample.t,
          ok: false,
          error: sample.error,
          suspects: st.last?.suspects ?? [],
          evidence: st.last?.evidence ?? {},
        };
    for (const a of tr.fired) {
      this.log(`alert firing: ${a.target} ${a.rule}: ${a.summary}`);
      this.track(this.fired(st, a));
    }
    for (const a of tr.resolved) {
      this.log(
        `alert resolved: ${a.target} ${a.rule}${a.subject ? ` ${a.subject}` : ''}${a.flaps ? ` (${a.flaps} flaps damped)` : ''}`,
      );
      this.resends.forget(a.id);
      this.notifier.notify(this.event(st, a, 'resolved', []));
    }
    this.resendDue(t.name, tr.fired);
    if (tr.fired.length || tr.resolved.length) void this.flush();
    const e: SampleEvent = { target: t.name, t: sample.t, ok: sample.ok, firing: this.book.firing(t.name).length };
    if (sample.ok) e.goroutines = sample.goroutines;
    for (const fn of this.listeners) fn(e);
  }

  private async fired(st: TargetState, a: Alert): Promise<void> {
    const c = this.cfg.capture;
    const now = this.clock.now();
    const links: AlertEvent['captures'] = [];
    // Captures are for leaks: not for a target that is down, nor for warnings (a parked share is no leak yet).
    if (c.onFiring && a.severity === 'critical' && a.rule !== 'target-down' && now - st.lastCaptureAt >= c.cooldown) {
      st.lastCaptureAt = now;
      const caps = await captureProfiles(st.cfg, {
        dir: join(this.cfg.data, 'captures'),
        maxBytes: c.maxBytes,
        timeout: c.timeout,
        leak: st.leak.available === true,
        now,
        alertId: a.id,
      });
      const tid = this.store.targetId(st.cfg.name, st.cfg.url, now);
      for (const cap of caps) {
        const id = await this.store.saveCapture(cap, tid).catch((e: Error) => {
          this.log(`history: cannot record capture: ${e.message}`);
          return undefined;
        });
        this.metrics.captures.inc({ outcome: cap.error ? 'error' : 'ok' });
        if (cap.error) this.log(`capture ${cap.kind} of ${st.cfg.name} failed: ${cap.error}`);
        else if (id !== undefined)
          links.push({
            kind: cap.kind,
            url: `${this.baseUrl()}/api/captures/${id}/download`,
            path: cap.path,
            bytes: cap.bytes,
          });
      }
    }
    this.resends.sentToAll(a.id, this.clock.now());
    this.notifier.notify(this.event(st, a, 'firing', links));
  }

  private event(
    st: TargetState,
    a: Alert,
    status: 'firing' | 'resolved',
    captures: AlertEvent['captures'],
  ): AlertEvent {
    return {
      alert: a,
      status,
      targetUrl: st.cfg.url,
      targetLabels: st.cfg.labels,
      dashboardUrl: this.dashboardUrl(a.target),
      captures,
      now: this.clock.now(),
    };
  }

  /** Re-sends a target's still-firing alerts to the hooks they are due at (on each of its scrapes, watcher's clock). */
  private resendDue(target: string, skip: readonly Alert[]): void {
    const now = this.clock.now();
    const st = this.targets.get(target);
    if (!st) return;
    for (const a of this.book.firing(target)) {
      if (skip.includes(a)) continue;
      const due = this.resends.takeDue(a.id, now);
      if (!due.size) continue;
      this.notifier.notify(this.event(st, a, 'firing', []), (h) => due.has(h));
    }
  }

  /** Base of links in webhook payloads: `externalUrl`, else the address the dashboard actually bound. */
  baseUrl(): string {
    return this.cfg.externalUrl ?? this.publicUrl ?? `http://${this.cfg.listen}`;
  }

  dashboardUrl(target: string): string {
    return `${this.baseUrl()}/#/t/${encodeURIComponent(target)}`;
  }

  setPublicUrl(url: string): void {
    this.publicUrl = url;
  }

  private async flush(): Promise<void> {
    try {
      const n = await this.store.flush();
      if (n) this.metrics.historyCommits.inc(n);
    } catch (e) {
      this.metrics.historyErrors.inc();
      this.log(`history: write failed: ${(e as Error).message}`);
    }
    this.metrics.historyPending.set(this.store.pendingCount);
  }

  private async maintain(): Promise<void> {
    const now = this.clock.now();
    try {
      await this.store.maintain(now, this.cfg.retention, this.cfg.rawRetention, this.cfg.downsample);
      const old = await this.store.expiredCaptures(now - this.cfg.retention);
      for (const c of old) await unlink(c.path).catch(() => undefined);
      await this.store.deleteCaptures(old.map((c) => c.id));
    } catch (e) {
      this.log(`history: maintenance failed: ${(e as Error).message}`);
    }
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch((e: Error) => this.log(`internal: ${e.message}`)).finally(() => this.background.delete(q));
    this.background.add(q);
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}
