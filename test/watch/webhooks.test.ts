// Webhook payloads and delivery to a real local HTTP receiver. The Alertmanager body is checked against the
// `postableAlerts` definition of Alertmanager's v2 OpenAPI spec (api/v2/openapi.yaml), transcribed below.

import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import {
  alertmanagerPayload,
  alertmanagerUrl,
  alertName,
  jsonPayload,
  Notifier,
  type AlertEvent,
  type DeliveryResult,
  type JsonPayload,
} from '../../src/watch/webhooks.js';
import type { Alert } from '../../src/watch/types.js';
import { startReceiver, waitUntil } from './helpers.js';

const labelSet = { type: 'object', additionalProperties: { type: 'string' } };
const POSTABLE_ALERTS = {
  type: 'array',
  items: {
    type: 'object',
    required: ['labels'],
    additionalProperties: false,
    properties: {
      labels: labelSet,
      annotations: labelSet,
      startsAt: { type: 'string', format: 'date-time' },
      endsAt: { type: 'string', format: 'date-time' },
      generatorURL: { type: 'string', format: 'uri' },
    },
  },
};

const alert: Alert = {
  id: 12,
  target: 'api',
  rule: 'bucket-growing',
  key: '1559d6a2193bb469',
  severity: 'critical',
  state: 'firing',
  startsAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  lastSeen: Date.UTC(2026, 0, 2, 3, 4, 5),
  summary: 'stack grew from 10 to 90',
  value: 90,
  fingerprints: ['1559d6a2193bb469'],
  missing: 0,
  suspects: [
    {
      title: 'send on a channel whose receiver may have left',
      ruleId: 'GG001',
      evidence: 'confirmed',
      count: 90,
      state: 'chan send',
      message: '90 goroutines blocked in chan send at main.go:49',
      fingerprint: '1559d6a2193bb469',
      location: '/src/main.go:49',
      fix: 'give the channel a buffer of 1',
      stack: [{ func: 'main.leakySend', file: '/src/main.go', line: 49 }],
    },
  ],
};

function event(status: 'firing' | 'resolved', a: Alert = alert): AlertEvent {
  return {
    alert: a,
    status,
    targetUrl: 'http://127.0.0.1:6060',
    targetLabels: { team: 'payments' },
    dashboardUrl: 'http://127.0.0.1:7070/#/t/api',
    captures: [
      {
        kind: 'goroutine-debug2',
        url: 'http://127.0.0.1:7070/api/captures/3/download',
        path: '/var/lib/x.txt',
        bytes: 1234,
      },
    ],
    now: alert.startsAt + 1000,
  };
}

const receivers: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const r of receivers) await r.close();
});

describe('webhook payloads', () => {
  it('generic JSON carries the alert, the top suspect stacks and the capture links', () => {
    const p = jsonPayload(event('firing'));
    expect(p).toMatchObject({
      version: '1',
      status: 'firing',
      alert: {
        id: 12,
        target: 'api',
        rule: 'bucket-growing',
        startsAt: '2026-01-02T03:04:05.000Z',
        labels: { team: 'payments' },
      },
    });
    expect(p.alert.endsAt).toBeUndefined();
    expect(p.suspects[0]!.stack[0]).toEqual({ func: 'main.leakySend', file: '/src/main.go', line: 49 });
    expect(p.captures[0]!.url).toMatch(/\/api\/captures\/3\/download$/);
  });

  it('Alertmanager v2 body validates against postableAlerts', () => {
    const ajv = new Ajv({ strict: true });
    (formats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(POSTABLE_ALERTS);
    const firing = alertmanagerPayload(event('firing'), 60_000);
    expect(validate(firing), JSON.stringify(validate.errors)).toBe(true);
    expect(firing[0]!.labels).toMatchObject({
      alertname: 'GoroutineGuardBucketGrowing',
      target: 'api',
      severity: 'critical',
      fingerprint: '1559d6a2193bb469',
      team: 'payments',
    });
    expect(firing[0]!.annotations.description).toContain('main.leakySend\n    /src/main.go:49');
    // Firing: endsAt a few resend intervals ahead so Alertmanager expires it if watch dies.
    expect(Date.parse(firing[0]!.endsAt) - event('firing').now).toBe(240_000);
    const resolved = alertmanagerPayload(
      event('resolved', { ...alert, state: 'resolved', endsAt: alert.startsAt + 5000 }),
      60_000,
    );
    expect(validate(resolved)).toBe(true);
    expect(resolved[0]!.endsAt).toBe('2026-01-02T03:04:10.000Z');
  });

  it('names and URLs', () => {
    expect(alertName('target-down')).toBe('GoroutineGuardTargetDown');
    expect(alertmanagerUrl('http://am:9093')).toBe('http://am:9093/api/v2/alerts');
    expect(alertmanagerUrl('http://am:9093/api/v2/alerts')).toBe('http://am:9093/api/v2/alerts');
  });
});

describe('webhook delivery', () => {
  it('posts JSON and Alertmanager bodies to real receivers, retrying a 500', async () => {
    const json = await startReceiver({ failFirst: 1 });
    const am = await startReceiver();
    receivers.push(json, am);
    const results: DeliveryResult[] = [];
    const n = new Notifier(
      [
        {
          url: `${json.url}/hook`,
          format: 'json',
          headers: { 'x-team': 'payments' },
          timeout: 2000,
          resendInterval: 60_000,
          repeatInterval: 0,
          minSeverity: 'critical',
        },
        {
          url: am.url,
          format: 'alertmanager',
          headers: {},
          timeout: 2000,
          resendInterval: 60_000,
          repeatInterval: 0,
          minSeverity: 'critical',
        },
      ],
      { retryDelays: [50, 50], onResult: (r) => results.push(r) },
    );
    n.notify(event('firing'));
    await waitUntil(() => results.length === 2, 'two deliveries');
    expect(results.find((r) => r.webhook.startsWith(json.url))).toMatchObject({ ok: true, attempts: 2, status: 200 });
    expect(json.received[0]!.path).toBe('/hook');
    expect(json.received[0]!.headers['x-team']).toBe('payments');
    expect((json.received[0]!.body as { suspects: unknown[] }).suspects).toHaveLength(1);
    expect(am.received[0]!.path).toBe('/api/v2/alerts');
    expect(Array.isArray(am.received[0]!.body)).toBe(true);
    // A periodic re-send goes to Alertmanager only.
    n.notify(event('firing'), (h) => h.format === 'alertmanager');
    await waitUntil(() => results.length === 3, 'the re-send');
    expect(am.received).toHaveLength(2);
    expect(json.received).toHaveLength(1);
  });

  it('gives up after the retries and reports the failure', async () => {
    const dead = await startReceiver({ failFirst: 100 });
    receivers.push(dead);
    const results: DeliveryResult[] = [];
    const n = new Notifier(
      [
        {
          url: dead.url,
          format: 'json',
          headers: {},
          timeout: 1000,
          resendInterval: 1,
          repeatInterval: 0,
          minSeverity: 'critical',
        },
      ],
      {
        retryDelays: [10, 10],
        onResult: (r) => results.push(r),
      },
    );
    n.notify(event('resolved'));
    await waitUntil(() => results.length === 1, 'the failed delivery');
    expect(results[0]).toMatchObject({ ok: false, status: 500, attempts: 3 });
  });

  it('sends warnings only to webhooks that ask for them', async () => {
    const critical = await startReceiver();
    const all = await startReceiver();
    receivers.push(critical, all);
    const results: DeliveryResult[] = [];
    const hook = (url: string, minSeverity: 'critical' | 'warning') =>
      ({ url, format: 'json', headers: {}, timeout: 1000, resendInterval: 1, repeatInterval: 0, minSeverity }) as const;
    const n = new Notifier([hook(critical.url, 'critical'), hook(all.url, 'warning')], {
      onResult: (r) => results.push(r),
    });
    n.notify(event('firing', { ...alert, rule: 'parked-high', severity: 'warning' }));
    n.notify(event('firing'));
    await waitUntil(() => results.length === 3, 'three deliveries');
    expect(critical.received.map((r) => (r.body as JsonPayload).alert.rule)).toEqual(['bucket-growing']);
    expect(all.received.map((r) => (r.body as JsonPayload).alert.rule).sort()).toEqual([
      'bucket-growing',
      'parked-high',
    ]);
  });
});
