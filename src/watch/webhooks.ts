// Alert notifications: a generic JSON body (one alert + its top suspect stacks + capture links) or the Alertmanager
// v2 API (`POST /api/v2/alerts`, an array of alerts with labels/annotations/startsAt/endsAt). Payload builders are
// pure; `Notifier` delivers with a timeout and a few retries, never blocking the scrape loop.

import type { WebhookConfig } from './config-model.js';
import type { Alert, Capture, SuspectSummary } from './types.js';

export interface AlertEvent {
  alert: Alert;
  status: 'firing' | 'resolved';
  /** Target base URL. */
  targetUrl: string;
  targetLabels: Record<string, string>;
  /** Dashboard link for this alert's target. */
  dashboardUrl: string;
  captures: { kind: Capture['kind']; url: string; path: string; bytes: number }[];
  /** Sent at (ms). */
  now: number;
}

export interface JsonPayload {
  version: '1';
  source: 'goroutine-guard';
  status: 'firing' | 'resolved';
  alert: {
    id: number;
    target: string;
    targetUrl: string;
    labels: Record<string, string>;
    rule: string;
    key: string;
    severity: string;
    summary: string;
    value: number;
    startsAt: string;
    endsAt?: string;
    dashboard: string;
  };
  suspects: SuspectSummary[];
  captures: AlertEvent['captures'];
}

/** Suspects included in payloads: enough to act on, small enough for chat webhooks. */
const PAYLOAD_SUSPECTS = 3;

export function jsonPayload(ev: AlertEvent): JsonPayload {
  const a = ev.alert;
  const alert: JsonPayload['alert'] = {
    id: a.id,
    target: a.target,
    targetUrl: ev.targetUrl,
    labels: ev.targetLabels,
    rule: a.rule,
    key: a.key,
    severity: a.severity,
    summary: a.summary,
    value: a.value,
    startsAt: new Date(a.startsAt).toISOString(),
    dashboard: ev.dashboardUrl,
  };
  if (a.endsAt !== undefined) alert.endsAt = new Date(a.endsAt).toISOString();
  return {
    version: '1',
    source: 'goroutine-guard',
    status: ev.status,
    alert,
    suspects: a.suspects.slice(0, PAYLOAD_SUSPECTS),
    captures: ev.captures,
  };
}

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/**
 * Alertmanager v2 body. A firing alert carries an `endsAt` a few resend intervals ahead (as Prometheus does) so
 * Alertmanager resolves it by itself if watch stops sending; a resolved one carries its resolution time.
 */
export function alertmanagerPayload(ev: AlertEvent, resendInterval: number): AlertmanagerAlert[] {
  const a = ev.alert;
  const labels: Record<string, string> = {
    ...ev.targetLabels,
    alertname: alertName(a.rule),
    target: a.target,
    rule: a.rule,
    severity: a.severity,
    source: 'goroutine-guard',
  };
  if (a.rule === 'bucket-growing') labels.fingerprint = a.key;
  const annotations: Record<string, string> = {
    summary: `${a.target}: ${a.summary}`,
    description: describeSuspects(a.suspects.slice(0, PAYLOAD_SUSPECTS)),
    dashboard: ev.dashboardUrl,
  };
  const fix = a.suspects[0]?.fix;
  if (fix) annotations.fix = fix;
  if (ev.captures.length) annotations.captures = ev.captures.map((c) => c.url).join(' ');
  const endsAt = ev.status === 'resolved' ? (a.endsAt ?? ev.now) : ev.now + 4 * resendInterval;
  return [
    {
      labels,
      annotations,
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      generatorURL: ev.dashboardUrl,
    },
  ];
}

/** `bucket-growing` → `GoroutineGuardBucketGrowing`. */
export function alertName(rule: string): string {
  return 'GoroutineGuard' + rule.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** Plain-text stacks for an annotation or a chat message. */
export function describeSuspects(suspects: readonly SuspectSummary[]): string {
  if (suspects.length === 0) return 'no leak suspects in the last sample';
  return suspects
    .map((s) => {
      const head = `${s.ruleId} ${s.title} — ${s.count ?? '?'} goroutines${s.evidence ? ` (${s.evidence})` : ''}`;
      const frames = s.stack.slice(0, 8).map((f) => `  ${f.func}\n    ${f.file}:${f.line}`);
      const fix = s.fix ? [`  fix: ${s.fix}`] : [];
      return [head, ...frames, ...fix].join('\n');
    })
    .join('\n\n');
}

/** Where a webhook of the Alertmanager format posts: the v2 alerts endpoint under the configured base URL. */
export function alertmanagerUrl(url: string): string {
  const u = new URL(url);
  if (!/\/api\/v2\/alerts\/?$/.test(u.pathname)) u.pathname = u.pathname.replace(/\/$/, '') + '/api/v2/alerts';
  return u.toString();
}

export interface DeliveryResult {
  webhook: string;
  ok: boolean;
  status?: number;
  error?: string;
  attempts: number;
}

export interface NotifierOptions {
  fetch?: typeof fetch;
  /** Delay before retry n (1-based), ms. */
  retryDelays?: readonly number[];
  onResult?: (r: DeliveryResult) => void;
}

const RETRY_DELAYS = [1000, 4000];

export class Notifier {
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly hooks: readonly WebhookConfig[],
    private readonly opts: NotifierOptions = {},
  ) {}

  get hasHooks(): boolean {
    return this.hooks.length > 0;
  }

  /** Sends the event to every webhook, or to those `only` picks (periodic re-sends of firing alerts). */
  notify(ev: AlertEvent, only?: (h: WebhookConfig) => boolean): void {
    for (const h of this.hooks) {
      if (only && !only(h)) continue;
      if (h.minSeverity === 'critical' && ev.alert.severity !== 'critical') continue;
      const url = h.format === 'alertmanager' ? alertmanagerUrl(h.url) : h.url;
      const body = JSON.stringify(
        h.format === 'alertmanager' ? alertmanagerPayload(ev, h.resendInterval) : jsonPayload(ev),
      );
      const p = this.deliver(h, url, body).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  /** Waits for deliveries in flight (retries included) up to `ms`. */
  async drain(ms: number): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise<void>((r) => {
        timer = setTimeout(r, ms);
      }),
    ]);
    clearTimeout(timer);
  }

  private async deliver(h: WebhookConfig, url: string, body: string): Promise<void> {
    const f = this.opts.fetch ?? fetch;
    const delays = this.opts.retryDelays ?? RETRY_DELAYS;
    let last: DeliveryResult = { webhook: h.url, ok: false, attempts: 0 };
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) {
        if (this.closed) break;
        await new Promise((r) => setTimeout(r, delays[attempt - 1]));
      }
      try {
        const res = await f(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'goroutine-guard-watch', ...h.headers },
          body,
          signal: AbortSignal.timeout(h.timeout),
        });
        await res.body?.cancel().catch(() => undefined);
        last = { webhook: h.url, ok: res.ok, status: res.status, attempts: attempt + 1 };
        // 4xx other than 429 will not get better by retrying.
        if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) break;
      } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        last = { webhook: h.url, ok: false, error: err.cause?.code ?? err.message, attempts: attempt + 1 };
      }
    }
    this.opts.onResult?.(last);
  }
}

/**
 * When each firing alert was last sent to each hook, and which hooks a still-firing alert is due at again. An
 * alert first seen by this process (restored after a restart) counts as just sent to JSON hooks — a restart is no
 * reason to page again — and as never sent to Alertmanager, which must hear it.
 */
export class ResendBook {
  private readonly lastSent = new Map<number, Map<WebhookConfig, number>>();

  constructor(private readonly hooks: readonly WebhookConfig[]) {}

  sentToAll(alertId: number, now: number): void {
    this.lastSent.set(alertId, new Map(this.hooks.map((h) => [h, now])));
  }

  forget(alertId: number): void {
    this.lastSent.delete(alertId);
  }

  /** The hooks `alertId` is due at `now`, marked as sent. */
  takeDue(alertId: number, now: number): Set<WebhookConfig> {
    let sent = this.lastSent.get(alertId);
    if (!sent) {
      sent = new Map(this.hooks.filter((h) => h.format === 'json').map((h) => [h, now]));
      this.lastSent.set(alertId, sent);
    }
    const due = new Set(this.hooks.filter((h) => repeatEvery(h) > 0 && now - (sent.get(h) ?? 0) >= repeatEvery(h)));
    for (const h of due) sent.set(h, now);
    return due;
  }
}

/** How often a still-firing alert is sent again to a hook: Alertmanager must hear it to keep it, people not. */
function repeatEvery(h: WebhookConfig): number {
  return h.format === 'alertmanager' ? h.resendInterval : h.repeatInterval;
}
