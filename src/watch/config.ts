// watch.yaml → a typed, fully defaulted `WatchConfig`. Every default lives in config-model.ts (`DEFAULTS`, `RULE_DEFAULTS`);
// unknown keys are rejected by name (with the YAML line) so a typo never silently disables a rule.

import { readFile } from 'node:fs/promises';
import { configFail, GuardError, parseConfigText } from '../core/index.js';
import { resolveUrl } from '../io/index.js';
import { Reader, type Fail } from './config-reader.js';
import { readDiscoveryConfig } from './discovery.js';
import { readRemoteWriteConfig } from './remote-write.js';
import { parseShard } from './shard.js';
import {
  type ConfigOverrides,
  DEFAULTS,
  RULE_DEFAULTS,
  TARGET_DEFAULTS,
  type TargetConfig,
  type WatchConfig,
  type WebhookConfig,
} from './config-model.js';

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
