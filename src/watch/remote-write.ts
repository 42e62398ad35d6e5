// Prometheus remote-write (protocol 1.0) of watch's samples, beside the SQLite history: for users who keep their
// history in Prometheus, Thanos or Mimir. Each scrape becomes a few series (the target's totals and its top-k
// sites) stamped with the scrape's time, queued, and POSTed as a snappy-compressed protobuf WriteRequest every
// `flushInterval`. The protobuf and snappy encoders are the few lines the format needs (no dependency).

import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Reader } from './config-reader.js';
import { topSites } from './sites.js';
import type { Sample } from './types.js';

export interface RemoteWriteConfig {
  url: string;
  headers: Record<string, string>;
  /** Added to every series (e.g. `{shard: "1/2"}`); `target` and the metric name are always there. */
  labels: Record<string, string>;
  flushInterval: number;
  timeout: number;
}

export interface TimeSeries {
  labels: Record<string, string>;
  value: number;
  /** ms since the epoch. */
  t: number;
}

/** One scrape → the series remote-write sends (the same names and labels as /metrics). */
export function sampleSeries(s: Sample, extra: Record<string, string>, siteTopK: number): TimeSeries[] {
  const base = { ...extra, target: s.target };
  const one = (name: string, value: number, labels: Record<string, string> = {}): TimeSeries => ({
    labels: { ...base, ...labels, __name__: name },
    value,
    t: s.t,
  });
  if (!s.ok) return [one('goroutine_guard_target_up', 0)];
  const out = [
    one('goroutine_guard_target_up', 1),
    one('goroutine_guard_target_goroutines', s.goroutines),
    one('goroutine_guard_target_parked_ratio', s.goroutines ? s.parked / s.goroutines : 0),
    one('goroutine_guard_target_blocked_channel_goroutines', s.blockedChannel),
    one('goroutine_guard_target_proven_leaked_goroutines', s.leaked),
  ];
  for (const [e, c] of Object.entries(s.evidence))
    out.push(one('goroutine_guard_target_leak_suspect_goroutines', c.goroutines, { evidence: e }));
  if (siteTopK > 0)
    for (const x of topSites(s, siteTopK))
      out.push(one('goroutine_guard_target_site_goroutines', x.goroutines, { function: x.function, site: x.site }));
  return out;
}

// --- protobuf (prometheus.WriteRequest) ---

function varint(out: number[], v: number): void {
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function bytesField(out: number[], field: number, b: Uint8Array | number[]): void {
  varint(out, (field << 3) | 2);
  varint(out, b.length);
  for (const x of b) out.push(x);
}

/** WriteRequest{timeseries: [TimeSeries{labels (sorted by name), samples: [Sample{value, timestamp}]}]}. */
export function encodeWriteRequest(series: readonly TimeSeries[]): Buffer {
  const out: number[] = [];
  const enc = new TextEncoder();
  const f64 = Buffer.alloc(8);
  for (const s of series) {
    const ts: number[] = [];
    for (const name of Object.keys(s.labels).sort()) {
      const l: number[] = [];
      bytesField(l, 1, enc.encode(name));
      bytesField(l, 2, enc.encode(s.labels[name]!));
      bytesField(ts, 1, l);
    }
    const sm: number[] = [];
    f64.writeDoubleLE(s.value);
    sm.push((1 << 3) | 1, ...f64);
    varint(sm, 2 << 3);
    varint(sm, s.t);
    bytesField(ts, 2, sm);
    bytesField(out, 1, ts);
  }
  return Buffer.from(out);
}

// --- snappy block format ---

function literal(out: number[], src: Uint8Array, from: number, to: number): void {
  const n = to - from;
  if (n <= 0) return;
  const m = n - 1;
  if (m < 60) out.push(m << 2);
  else if (m < 0x100) out.push(60 << 2, m);
  else if (m < 0x10000) out.push(61 << 2, m & 0xff, m >> 8);
  else out.push(62 << 2, m & 0xff, (m >> 8) & 0xff, m >> 16);
  for (let i = from; i < to; i++) out.push(src[i]!);
}

const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** Snappy block compression (greedy 4-byte matches in 64 KiB blocks, 2-byte-offset copies). */
export function snappyCompress(input: Uint8Array): Buffer {
  const out: number[] = [];
  varint(out, input.length);
  for (let start = 0; start < input.length; start += 0x10000) {
    const src = input.subarray(start, Math.min(input.length, start + 0x10000));
    const table = new Int32Array(1 << 14).fill(-1);
    let lit = 0;
    let i = 0;
    while (i + 4 <= src.length) {
      const v = u32(src, i);
      const h = Math.imul(v, 0x1e35a7bd) >>> 18;
      const cand = table[h]!;
      table[h] = i;
      if (cand < 0 || u32(src, cand) !== v) {
        i++;
        continue;
      }
      literal(out, src, lit, i);
      let len = 4;
      while (i + len < src.length && src[cand + len] === src[i + len]) len++;
      const off = i - cand;
      for (let left = len; left > 0;) {
        const l = Math.min(left, 64);
        out.push(((l - 1) << 2) | 2, off & 0xff, off >> 8);
        left -= l;
      }
      i += len;
      lit = i;
    }
    literal(out, src, lit, src.length);
  }
  return Buffer.from(out);
}

// --- the sender ---

export class RemoteWriter {
  private queue: TimeSeries[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  /** Series sent and dropped (answer 4xx or still failing after retries). */
  readonly stats = { sent: 0, dropped: 0, requests: 0 };

  constructor(
    private readonly cfg: RemoteWriteConfig,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  push(series: TimeSeries[]): void {
    this.queue.push(...series);
    // A Prometheus that is away must not grow the queue without bound: keep the newest 100 000 series.
    if (this.queue.length > 100_000) {
      this.stats.dropped += this.queue.length - 100_000;
      this.queue = this.queue.slice(-100_000);
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.cfg.flushInterval);
    this.timer.unref();
  }

  /** Sends what is queued (one request; series in time order per target, as remote-write needs). */
  flush(): Promise<void> {
    this.sending = this.sending.then(async () => {
      if (!this.queue.length) return;
      const batch = this.queue;
      this.queue = [];
      const body = snappyCompress(encodeWriteRequest(batch));
      for (const delay of [0, 500, 2000]) {
        if (delay) await new Promise((r) => setTimeout(r, delay));
        const r = await this.post(body).catch((e: Error) => {
          this.log(`remote-write: ${this.cfg.url}: ${e.message}`);
          return { status: 0 };
        });
        this.stats.requests++;
        if (r.status >= 200 && r.status < 300) {
          this.stats.sent += batch.length;
          return;
        }
        // 4xx: the receiver will never take this batch (out of order, bad labels): drop it at once.
        if (r.status >= 400 && r.status < 500) break;
      }
      this.stats.dropped += batch.length;
      this.log(`remote-write: ${batch.length} series to ${this.cfg.url} dropped`);
    });
    return this.sending;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  private post(body: Buffer): Promise<{ status: number }> {
    const u = new URL(this.cfg.url);
    const send = u.protocol === 'https:' ? httpsRequest : request;
    return new Promise((resolve, reject) => {
      const req = send(
        u,
        {
          method: 'POST',
          timeout: this.cfg.timeout,
          headers: {
            ...this.cfg.headers,
            'content-type': 'application/x-protobuf',
            'content-encoding': 'snappy',
            'x-prometheus-remote-write-version': '0.1.0',
            'user-agent': 'goroutine-guard',
            'content-length': body.length,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text.length < 500 ? (text += d.toString()) : undefined));
          res.on('end', () => {
            if ((res.statusCode ?? 0) >= 300) this.log(`remote-write: HTTP ${res.statusCode}: ${text.trim()}`);
            resolve({ status: res.statusCode ?? 0 });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timed out after ${this.cfg.timeout} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** The `remoteWrite:` block of watch.yaml: a URL, or `{url, headers, labels, flushInterval, timeout}`. */
export function readRemoteWriteConfig(v: Reader, raw: unknown, url?: string): RemoteWriteConfig | undefined {
  if ((raw === undefined || raw === null) && !url) return undefined;
  const p = ['remoteWrite'];
  const o =
    typeof raw === 'string' ? { url: raw } : v.object(raw, p, ['url', 'headers', 'labels', 'flushInterval', 'timeout']);
  return {
    url: v.url(url ?? o.url, url ? [] : [...p, 'url'], true)!,
    headers: v.strings(o.headers, [...p, 'headers']) ?? {},
    labels: v.strings(o.labels, [...p, 'labels']) ?? {},
    flushInterval: v.duration(o.flushInterval, [...p, 'flushInterval']) ?? 5000,
    timeout: v.duration(o.timeout, [...p, 'timeout']) ?? 10_000,
  };
}
