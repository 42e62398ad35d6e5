// The shape of watch.yaml after reading (`WatchConfig` and its parts) and every default it gets, with why.
// src/watch/config.ts reads a file into these.

import type { DiscoveryConfig } from './discovery.js';
import type { RemoteWriteConfig } from './remote-write.js';
import type { Shard } from './shard.js';
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
