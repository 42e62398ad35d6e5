// watch.yaml → a typed, fully defaulted `WatchConfig`. Every default lives in `DEFAULTS` / `RULE_DEFAULTS` below;
// unknown keys are rejected by name (with the YAML line) so a typo never silently disables a rule.

import { readFile } from 'node:fs/promises';
import { configFail, GuardError, parseConfigText } from '../core/index.js';
import { resolveUrl } from '../io/index.js';
import { Reader, type Fail } from './config-reader.js';
import { readDiscoveryConfig, type DiscoveryConfig } from './discovery.js';
import { readRemoteWriteConfig, type RemoteWriteConfig } from './remote-write.js';
import { parseShard, type Shard } from './shard.js';
import type { AlertSeverity, RuleSettings } from './types.js';

export type LeakProfileMode = 'auto' | 'on' | 'off';
export type WebhookFormat = 'json' | 'alertmanager';

export type { RuleSettings } from './types.js';

export interface TargetConfig {
  name: string;
  /** Base URL of the service (`http://host:port`, optionally with a path prefix). */
  url: string;
  /** Goroutine profile, relative to `url`. */
  profilePath: string;
  /**
   * Profile format to scrape: 0 (default) is a compact protobuf with one sample per distinct stack, cheap for any
   * goroutine count; 2 is full tracebacks, which add `created by` sites, wait minutes and goroutine ids but grow
   * with every goroutine (~1 KiB each) and stop the target's world while written.
   */
  debug: 0 | 2;
  leakProfile: LeakProfileMode;
  leakProfilePath: string;
  /** Prometheus text (`/metrics`, the agent's `/debug/goroutine-guard/metrics`) or expvar JSON (`/debug/vars`). */
  metrics?: string;
  interval: number;
  timeout: number;
  maxBytes: number;
  headers: Record<string, string>;
  labels: Record<string, string>;
  /**
   * Where the dump's source paths live on this host (`{"/build/app/": "/srv/app/"}`, or a module path for
   * -trimpath builds): watch reads blocking lines to tell ticker waits from other channel waits.
   */
  sourceMap: Record<string, string>;
  rules: RuleSettings;
}

export interface WebhookConfig {
  url: string;
  format: WebhookFormat;
  headers: Record<string, string>;
  timeout: number;
  /** Alertmanager forgets alerts that are not re-sent: firing alerts are re-posted this often. */
  resendInterval: number;
  /**
   * JSON webhooks: a still-firing alert is notified again this often (Alertmanager's `repeat_interval`); 0 never.
   * Alertmanager-format hooks leave repeats to Alertmanager itself.
   */
  repeatInterval: number;
  /**
   * Least severe alert sent. Default `critical`: the parked-share rule is a warning ("high blocking risk", spec
   * §5 marks it rather than alerting), and most large Go services are over 85 % parked at rest.
   */
  minSeverity: AlertSeverity;
}

export interface CaptureConfig {
  /** On firing, save debug=2 and goroutineleak profiles to disk. */
  onFiring: boolean;
  /** At most one capture per target per cooldown. */
  cooldown: number;
  maxBytes: number;
  timeout: number;
}

export interface WatchConfig {
  targets: TargetConfig[];
  listen: string;
  token?: string;
  /** Directory for `watch.db` and `captures/`. */
  data: string;
  /** Samples older than this are deleted. */
  retention: number;
  /** Samples younger than this keep full resolution; older ones are downsampled to one per `downsample`. */
  rawRetention: number;
  downsample: number;
  concurrency: number;
  /** Random spread of each scrape, as a fraction of the interval. */
  jitter: number;
  /** Longest wait between scrapes of a failing target. */
  backoffMax: number;
  /** Pending samples are committed this often (and on SIGTERM). */
  flushInterval: number;
  /** Buckets stored per sample (largest first, suspects always kept). */
  maxBucketsPerSample: number;
  capture: CaptureConfig;
  webhooks: WebhookConfig[];
  /** Base URL used for links in webhook payloads; default `http://<listen>`. */
  externalUrl?: string;
  /** Host names the server answers besides the one it is bound to (without a token; DNS rebinding). */
  allowedHosts: string[];
  /** Fleet mode: targets found in file_sd files or a Prometheus server, kept up to date (docs/fleet.md). */
  discovery?: DiscoveryConfig;
  /** This process's share of all targets (`--shard i/n`); none: all of them. */
  shard?: Shard;
  /** Per-site series per target on /metrics: the k largest sites, the rest folded into `other`; 0: none. */
  siteTopK: number;
  /** Prometheus remote-write of every sample, beside the SQLite history. */
  remoteWrite?: RemoteWriteConfig;
  /** What a discovered target gets besides its name, URL and labels: the top-level defaults. */
  targetDefaults: Omit<TargetConfig, 'name' | 'url' | 'labels' | 'profilePath' | 'leakProfilePath'>;
}

/**
 * Every rule default, and why. A leak is a lasting condition: an alert fires once, stays firing while the
 * goroutines it names are still there, and resolves only after they have been gone for `resolveHold`.
 */
export const RULE_DEFAULTS: RuleSettings = {
  // Spec §5 thresholds.
  maxGoroutines: 5000,
  parkedRatio: 0.85,
  // A 20-goroutine service is ~100 % parked at rest.
  parkedMinGoroutines: 100,
  growthPerSecond: 50,
  growthPeriods: 3,
  // 5 samples (2.5 min at 30 s) with a rise of ≥ 5: a busy server's ups and downs fail the trend test.
  bucketSamples: 5,
  bucketMinRise: 5,
  bucketAlpha: 0.05,
  // The GC's proof needs no confirmation.
  provenLeak: true,
  // Three failed scrapes in a row (1.5 min at 30 s) is `for` of the target-down rule: one lost scrape is noise.
  downAfter: 3,
  // At least two clean evaluations before resolving, whatever the hold (one lucky scrape proves nothing).
  resolveAfter: 2,
  // The growth rules already need several samples to hold and proof needs none; `for` is for users who want a
  // threshold rule (goroutines-high, parked-high) to hold a while before it pages.
  for: 0,
  // 5 min back at the baseline without a break: a slow ramp's flat steps and a flapping target's up-periods are
  // shorter, so they keep one alert open instead of opening a new one each time (flap damping).
  resolveHold: 300_000,
  // Back to within 10 % of the rise (or 10 % under a limit): a leak that stopped growing has not healed.
  resolveMargin: 0.1,
  // A goroutine blocked at one site for 10 min (debug=2 wait minutes, or the same goroutine id in every sample)
  // is stuck, however few there are (most real leaks are 1–5 goroutines).
  stuckAfter: 600_000,
  stuckMinGoroutines: 1,
};

export const TARGET_DEFAULTS = {
  profilePath: '/debug/pprof/goroutine',
  debug: 0 as 0 | 2,
  leakProfile: 'auto' as LeakProfileMode,
  leakProfilePath: '/debug/pprof/goroutineleak',
  interval: 30_000,
  timeout: 10_000,
  // debug=0 profiles hold one sample per distinct stack: even a million goroutines stay far below this.
  maxBytes: 64 * 2 ** 20,
};

export const DEFAULTS = {
  listen: '127.0.0.1:7070',
  data: '.gguard/watch',
  retention: 7 * 86_400_000,
  rawRetention: 86_400_000,
  downsample: 300_000,
  concurrency: 16,
  jitter: 0.1,
  backoffMax: 300_000,
  flushInterval: 1000,
  maxBucketsPerSample: 200,
  // 10 sites + other per target: 1 000 targets stay at 11 000 site series.
  siteTopK: 10,
  capture: { onFiring: true, cooldown: 600_000, maxBytes: 512 * 2 ** 20, timeout: 60_000 } as CaptureConfig,
  webhook: {
    format: 'json' as WebhookFormat,
    timeout: 5000,
    resendInterval: 60_000,
    // Alertmanager's default repeat_interval: a leak that lasts a day pages six times, not every scrape.
    repeatInterval: 4 * 3_600_000,
    minSeverity: 'critical' as AlertSeverity,
  },
};

/** Values given on the command line; they override the file. */
export interface ConfigOverrides {
  urls?: string[];
  listen?: string;
  token?: string;
  data?: string;
  interval?: number;
  timeout?: number;
  retention?: number;
  metrics?: string;
  webhooks?: string[];
  webhookFormat?: WebhookFormat;
  allowedHosts?: string[];
  /** `--file-sd` files and `--prometheus-sd` servers, added to the file's `discovery:`. */
  fileSd?: string[];
  prometheusSd?: string[];
  shard?: string;
  siteTopK?: number;
  remoteWrite?: string;
}

export async function loadConfig(file: string | undefined, over: ConfigOverrides = {}): Promise<WatchConfig> {
  if (!file) return buildConfig({}, over, configFail('<command line>'));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new GuardError('config', file, err.code === 'ENOENT' ? 'no such file' : `cannot read: ${err.message}`);
  }
  const { raw, fail } = parseConfigText(text, file);
  return buildConfig(raw ?? {}, over, fail);
}

/** Where the shared timeout was set, if anywhere: the --timeout flag or the file's top-level `timeout`. */
function timeoutOrigin(
  over: ConfigOverrides,
  top: { timeout?: unknown },
): (string | number)[] | '--timeout' | undefined {
  if (over.timeout !== undefined) return '--timeout';
  return top.timeout !== undefined ? ['timeout'] : undefined;
}

const TOP_KEYS = [
  'targets',
  'listen',
  'token',
  'data',
  'retention',
  'rawRetention',
  'downsample',
  'concurrency',
  'jitter',
  'backoffMax',
  'flushInterval',
  'maxBucketsPerSample',
  'capture',
  'webhooks',
  'allowedHosts',
  'externalUrl',
  'interval',
  'timeout',
  'maxBytes',
  'rules',
  'leakProfile',
  'debug',
  'headers',
  'discovery',
  'shard',
  'siteTopK',
  'remoteWrite',
] as const;
const TARGET_KEYS = [
  'name',
  'url',
  'profilePath',
  'debug',
  'leakProfile',
  'leakProfilePath',
  'metrics',
  'interval',
  'timeout',
  'maxBytes',
  'headers',
  'labels',
  'sourceMap',
  'rules',
] as const;

/** Pure: raw YAML value + overrides → config. Exported for tests. */
export function buildConfig(raw: unknown, over: ConfigOverrides, fail: Fail): WatchConfig {
  const v = new Reader(fail);
  const top = v.object(raw, [], TOP_KEYS);
  const baseRules = v.rules(top.rules, ['rules'], RULE_DEFAULTS);
  // A timeout nobody set follows the interval (never longer than it); one that was set is checked against it, and
  // the error names where it was set. `timeoutFrom` remembers that place for the shared default.
  const topTimeout = over.timeout ?? v.duration(top.timeout, ['timeout']);
  const timeoutFrom = new Map<TargetConfig, (string | number)[] | '--timeout'>();
  const targetDefaults = {
    interval: over.interval ?? v.duration(top.interval, ['interval']) ?? TARGET_DEFAULTS.interval,
    maxBytes: v.bytes(top.maxBytes, ['maxBytes']) ?? TARGET_DEFAULTS.maxBytes,
    leakProfile:
      v.oneOf(top.leakProfile, ['leakProfile'], ['auto', 'on', 'off'] as const) ?? TARGET_DEFAULTS.leakProfile,
    debug: v.debugLevel(top.debug, ['debug']) ?? TARGET_DEFAULTS.debug,
    headers: v.strings(top.headers, ['headers']) ?? {},
  };
  const targets: TargetConfig[] = [];
  const rawTargets = top.targets === undefined ? [] : v.array(top.targets, ['targets']);
  rawTargets.forEach((rt, i) => {
    const p = ['targets', i];
    const t = v.object(rt, p, TARGET_KEYS);
    const url = v.url(t.url, [...p, 'url'], true)!;
    const name = v.string(t.name, [...p, 'name']) ?? new URL(url).host;
    const r = resolveUrl(url);
    targets.push({
      name,
      url: r.service,
      profilePath: v.path(t.profilePath, [...p, 'profilePath']) ?? r.profilePath,
      debug: v.debugLevel(t.debug, [...p, 'debug']) ?? targetDefaults.debug,
      leakProfile:
        v.oneOf(t.leakProfile, [...p, 'leakProfile'], ['auto', 'on', 'off'] as const) ?? targetDefaults.leakProfile,
      leakProfilePath: v.path(t.leakProfilePath, [...p, 'leakProfilePath']) ?? r.leakProfilePath,
      metrics: v.string(t.metrics, [...p, 'metrics']) ?? over.metrics,
      interval: v.duration(t.interval, [...p, 'interval']) ?? targetDefaults.interval,
      timeout: v.duration(t.timeout, [...p, 'timeout']) ?? topTimeout ?? 0,
      maxBytes: v.bytes(t.maxBytes, [...p, 'maxBytes']) ?? targetDefaults.maxBytes,
      headers: { ...targetDefaults.headers, ...(v.strings(t.headers, [...p, 'headers']) ?? {}) },
      labels: v.strings(t.labels, [...p, 'labels']) ?? {},
      sourceMap: v.strings(t.sourceMap, [...p, 'sourceMap']) ?? {},
      rules: v.rules(t.rules, [...p, 'rules'], baseRules),
    });
    const from = t.timeout !== undefined ? [...p, 'timeout'] : timeoutOrigin(over, top);
    if (from) timeoutFrom.set(targets[targets.length - 1]!, from);
  });
  for (const u of over.urls ?? []) {
    const url = v.url(u, [], true)!;
    const r = resolveUrl(url);
    targets.push({
      name: new URL(url).host,
      url: r.service,
      profilePath: r.profilePath,
      debug: targetDefaults.debug,
      leakProfile: targetDefaults.leakProfile,
      leakProfilePath: r.leakProfilePath,
      metrics: over.metrics,
      interval: targetDefaults.interval,
      timeout: topTimeout ?? 0,
      maxBytes: targetDefaults.maxBytes,
      headers: { ...targetDefaults.headers },
      labels: {},
      sourceMap: {},
      rules: { ...baseRules },
    });
    const from = timeoutOrigin(over, top);
    if (from) timeoutFrom.set(targets[targets.length - 1]!, from);
  }
  let discovery = readDiscoveryConfig(v, top.discovery);
  if (over.fileSd?.length || over.prometheusSd?.length) {
    discovery ??= { fileSd: [], prometheus: [], portLabel: 'pprof_port', refreshInterval: 10_000 };
    discovery.fileSd.push(...(over.fileSd ?? []));
    for (const u of over.prometheusSd ?? []) discovery.prometheus.push({ url: v.url(u, [], true)!, match: {} });
  }
  if (targets.length === 0 && !discovery)
    fail([], 'no targets', 'a `targets:` list or `discovery:` in the config file, or URLs on the command line');
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    if (seen.has(t.name)) fail(['targets', i, 'name'], `duplicate target name "${t.name}"`, 'unique names');
    seen.add(t.name);
    const from = timeoutFrom.get(t);
    if (!from) t.timeout = Math.min(TARGET_DEFAULTS.timeout, t.interval);
    else if (t.timeout > t.interval) {
      const what = `timeout is longer than the interval (${t.timeout / 1000}s > ${t.interval / 1000}s for ${t.name})`;
      if (from === '--timeout') fail([], `--timeout: ${what}`, 'a timeout at most the interval');
      else fail(from, what, 'a timeout at most the interval');
    }
  });

  const cap = v.object(top.capture, ['capture'], ['onFiring', 'cooldown', 'maxBytes', 'timeout']);
  const webhooks: WebhookConfig[] = [];
  (top.webhooks === undefined ? [] : v.array(top.webhooks, ['webhooks'])).forEach((rw, i) => {
    const p = ['webhooks', i];
    const w =
      typeof rw === 'string'
        ? { url: rw }
        : v.object(rw, p, ['url', 'format', 'headers', 'timeout', 'resendInterval', 'repeatInterval', 'minSeverity']);
    webhooks.push({
      url: v.url(w.url, [...p, 'url'], true)!,
      format: v.oneOf(w.format, [...p, 'format'], ['json', 'alertmanager'] as const) ?? DEFAULTS.webhook.format,
      headers: v.strings(w.headers, [...p, 'headers']) ?? {},
      timeout: v.duration(w.timeout, [...p, 'timeout']) ?? DEFAULTS.webhook.timeout,
      resendInterval: v.duration(w.resendInterval, [...p, 'resendInterval']) ?? DEFAULTS.webhook.resendInterval,
      repeatInterval: v.duration(w.repeatInterval, [...p, 'repeatInterval']) ?? DEFAULTS.webhook.repeatInterval,
      minSeverity:
        v.oneOf(w.minSeverity, [...p, 'minSeverity'], ['critical', 'warning'] as const) ?? DEFAULTS.webhook.minSeverity,
    });
  });
  for (const url of over.webhooks ?? []) {
    webhooks.push({
      url: v.url(url, [], true)!,
      format: over.webhookFormat ?? DEFAULTS.webhook.format,
      headers: {},
      timeout: DEFAULTS.webhook.timeout,
      resendInterval: DEFAULTS.webhook.resendInterval,
      repeatInterval: DEFAULTS.webhook.repeatInterval,
      minSeverity: DEFAULTS.webhook.minSeverity,
    });
  }

  const listen = over.listen ?? v.string(top.listen, ['listen']) ?? DEFAULTS.listen;
  if (!/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/.test(listen)) fail(['listen'], `"${listen}" is not host:port`);
  const cfg: WatchConfig = {
    targets,
    listen,
    data: over.data ?? v.string(top.data, ['data']) ?? DEFAULTS.data,
    retention: over.retention ?? v.duration(top.retention, ['retention']) ?? DEFAULTS.retention,
    rawRetention: v.duration(top.rawRetention, ['rawRetention']) ?? DEFAULTS.rawRetention,
    downsample: v.duration(top.downsample, ['downsample']) ?? DEFAULTS.downsample,
    concurrency: v.int(top.concurrency, ['concurrency'], 1) ?? DEFAULTS.concurrency,
    jitter: v.number(top.jitter, ['jitter'], 0, 1) ?? DEFAULTS.jitter,
    backoffMax: v.duration(top.backoffMax, ['backoffMax']) ?? DEFAULTS.backoffMax,
    flushInterval: v.duration(top.flushInterval, ['flushInterval']) ?? DEFAULTS.flushInterval,
    maxBucketsPerSample: v.int(top.maxBucketsPerSample, ['maxBucketsPerSample'], 1) ?? DEFAULTS.maxBucketsPerSample,
    capture: {
      onFiring: v.bool(cap.onFiring, ['capture', 'onFiring']) ?? DEFAULTS.capture.onFiring,
      cooldown: v.duration(cap.cooldown, ['capture', 'cooldown']) ?? DEFAULTS.capture.cooldown,
      maxBytes: v.bytes(cap.maxBytes, ['capture', 'maxBytes']) ?? DEFAULTS.capture.maxBytes,
      timeout: v.duration(cap.timeout, ['capture', 'timeout']) ?? DEFAULTS.capture.timeout,
    },
    webhooks,
    siteTopK: over.siteTopK ?? v.int(top.siteTopK, ['siteTopK'], 0) ?? DEFAULTS.siteTopK,
    targetDefaults: {
      debug: targetDefaults.debug,
      leakProfile: targetDefaults.leakProfile,
      metrics: over.metrics,
      interval: targetDefaults.interval,
      timeout: Math.min(topTimeout ?? TARGET_DEFAULTS.timeout, targetDefaults.interval),
      maxBytes: targetDefaults.maxBytes,
      headers: { ...targetDefaults.headers },
      sourceMap: {},
      rules: { ...baseRules },
    },
    allowedHosts: [
      ...(top.allowedHosts == null ? [] : v.array(top.allowedHosts, ['allowedHosts'])).map(
        (h, i) => v.string(h, ['allowedHosts', i]) ?? '',
      ),
      ...(over.allowedHosts ?? []),
    ],
  };
  if (discovery) cfg.discovery = discovery;
  const rw = readRemoteWriteConfig(v, top.remoteWrite, over.remoteWrite);
  if (rw) cfg.remoteWrite = rw;
  const shard = v.string(top.shard, ['shard']);
  if (over.shard !== undefined) cfg.shard = parseShard(over.shard);
  else if (shard !== undefined) {
    try {
      cfg.shard = parseShard(shard);
    } catch (e) {
      fail(['shard'], (e as GuardError).detail, 'i/n with 1 ≤ i ≤ n, e.g. 1/3');
    }
  }
  const token = over.token ?? v.string(top.token, ['token']);
  if (token !== undefined) cfg.token = token;
  const ext = v.url(top.externalUrl, ['externalUrl'], false);
  if (ext) cfg.externalUrl = ext.replace(/\/$/, '');
  if (cfg.rawRetention > cfg.retention) cfg.rawRetention = cfg.retention;
  return cfg;
}

/** A pprof URL given on the command line (`…/debug/pprof/`, `…/debug/pprof/goroutine`) → the service base URL. */
export function baseUrl(url: string): string {
  return resolveUrl(url).service;
}
