// `goroutine-guard watch [--config watch.yaml] [URL…]`: scrape Go services on an interval, keep the history in
// SQLite, alert (webhooks), capture profiles when an alert fires, and serve /metrics and a dashboard.

import { choice, collect, durationOption, intOption } from '../options.js';
import { EXIT, type CliContext, type RegisterCommand } from '../context.js';
import {
  loadConfig,
  type ConfigOverrides,
  type WatchConfig,
  type WebhookFormat,
  openFleetWatcher,
  startServer,
} from '../../watch/index.js';
import { SUMMARY } from './summary.js';

interface WatchFlags {
  config?: string;
  listen?: string;
  token?: string;
  data?: string;
  interval?: number;
  timeout?: number;
  retention?: number;
  metrics?: string;
  webhook: string[];
  webhookFormat?: WebhookFormat;
  once: boolean;
  server: boolean;
  allowHost: string[];
  fileSd: string[];
  prometheusSd: string[];
  shard?: string;
  siteTopK?: number;
  remoteWrite?: string;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('watch')
    .description(SUMMARY.watch.description)
    .argument('[urls...]', 'service base URLs (http://host:port) or pprof URLs, in addition to the config targets')
    .option('-c, --config <file>', 'watch.yaml with targets, rules, webhooks (see docs/watch.md)')
    .option('--listen <host:port>', 'dashboard and /metrics address (default 127.0.0.1:7070)')
    .option(
      '--token <token>',
      'require this token (Bearer header, ?token= once, then a cookie); env GGUARD_WATCH_TOKEN',
    )
    .option(
      '--allow-host <name>',
      'without --token, also answer requests for this Host name (loopback names, IPs and the bound host always work)',
      collect,
      [],
    )
    .option('--data <dir>', 'history directory: watch.db and captures/ (default .gguard/watch)')
    .option('--interval <duration>', 'scrape interval for every target (default 30s)', durationOption)
    .option('--timeout <duration>', 'per-scrape timeout (default 10s)', durationOption)
    .option('--retention <duration>', 'keep history this long (default 7d)', durationOption)
    .option('--metrics <path>', 'metrics endpoint of the URL targets: /metrics (Prometheus) or /debug/vars (expvar)')
    .option('--webhook <url>', 'send alerts to this URL (repeatable)', collect, [])
    .option(
      '--webhook-format <format>',
      'json or alertmanager',
      choice('--webhook-format', ['json', 'alertmanager'] as const),
    )
    .option(
      '--file-sd <file>',
      'discover targets from a Prometheus file_sd file, JSON or YAML (repeatable)',
      collect,
      [],
    )
    .option(
      '--prometheus-sd <url>',
      "discover targets from a Prometheus server's /api/v1/targets: those with a pprof_port label (repeatable)",
      collect,
      [],
    )
    .option('--shard <i/n>', 'scrape only this stable share of all targets (rendezvous hash; see docs/fleet.md)')
    .option(
      '--site-top-k <k>',
      'per-site series per target on /metrics (the rest summed as "other"; 0: none)',
      intOption('--site-top-k'),
    )
    .option('--remote-write <url>', 'also send every sample to this Prometheus remote-write URL (…/api/v1/write)')
    .option(
      '--once',
      'scrape every target once, print a summary and exit (1 if an alert fires, 2 if no target could be scraped)',
      false,
    )
    .option('--no-server', 'do not serve the dashboard and /metrics')
    .action(async (urls: string[], flags: WatchFlags) => {
      const over: ConfigOverrides = {
        urls,
        webhooks: flags.webhook,
        allowedHosts: flags.allowHost,
        fileSd: flags.fileSd,
        prometheusSd: flags.prometheusSd,
      };
      if (flags.shard) over.shard = flags.shard;
      if (flags.siteTopK !== undefined) over.siteTopK = flags.siteTopK;
      if (flags.remoteWrite) over.remoteWrite = flags.remoteWrite;
      if (flags.listen) over.listen = flags.listen;
      const token = flags.token ?? ctx.env.GGUARD_WATCH_TOKEN;
      if (token) over.token = token;
      if (flags.data) over.data = flags.data;
      if (flags.interval !== undefined) over.interval = flags.interval;
      if (flags.timeout !== undefined) over.timeout = flags.timeout;
      if (flags.retention !== undefined) over.retention = flags.retention;
      if (flags.metrics) over.metrics = flags.metrics;
      if (flags.webhookFormat) over.webhookFormat = flags.webhookFormat;
      const cfg = await loadConfig(flags.config, over);
      ctx.exitCode = flags.once ? await runOnce(cfg, ctx) : await runService(cfg, ctx, { server: flags.server });
    });
};

async function runOnce(cfg: WatchConfig, ctx: CliContext): Promise<number> {
  const { watcher: w } = await openFleetWatcher(cfg, {
    log: (l) => ctx.stderr.write(`${l}\n`),
    processMetrics: false,
  });
  try {
    await w.runOnce();
    // --once still keeps what it scraped (and any capture an alert saved): say where, it is not obvious.
    ctx.stderr.write(`watch --once: history in ${w.store.path} (--data to choose)\n`);
    const targets = w.targetConfigs();
    let down = 0;
    for (const t of targets) {
      const last = w.lastState(t.name);
      if (!last?.ok) down++;
      const head = last?.ok
        ? `${t.name}: up, ${last.goroutines} goroutines`
        : `${t.name}: DOWN (${last?.error ?? 'not scraped'})`;
      ctx.stdout.write(`${head}\n`);
      for (const s of last?.suspects.slice(0, 3) ?? []) {
        ctx.stdout.write(`  ${s.evidence ?? ''} ${s.ruleId} ${s.message}\n`);
      }
      for (const a of w.firing(t.name)) ctx.stdout.write(`  ALERT ${a.severity} ${a.rule}: ${a.summary}\n`);
    }
    // A cron job must notice a mistyped URL or a dead service: nothing scraped is an error (exit 2); some targets
    // down is said on stderr and the exit code still follows the alerts.
    if (targets.length > 0 && down === targets.length) {
      ctx.stderr.write(`watch --once: no target could be scraped (${down} down)\n`);
      return EXIT.badInput;
    }
    if (down > 0) ctx.stderr.write(`watch --once: ${down} of ${targets.length} targets down\n`);
    return w.firing().length > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    await w.stop();
  }
}

export interface ServiceOptions {
  server: boolean;
  /** Stops the service when aborted (tests); the CLI stops on SIGTERM/SIGINT. */
  signal?: AbortSignal;
  onReady?: (url: string | undefined) => void;
}

/** Runs until SIGTERM/SIGINT (or `signal`), then stops gracefully: in-flight scrapes finish, writes are flushed. */
export async function runService(cfg: WatchConfig, ctx: CliContext, opts: ServiceOptions): Promise<number> {
  const log = (l: string) => ctx.stderr.write(`${new Date().toISOString()} ${l}\n`);
  const { watcher: w, discovery } = await openFleetWatcher(cfg, { log });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    if (opts.server) {
      server = await startServer(w, {
        listen: cfg.listen,
        allowedHosts: cfg.allowedHosts,
        ...(cfg.token ? { token: cfg.token } : {}),
      });
      w.setPublicUrl(server.url);
    }
  } catch (e) {
    await w.stop();
    throw e;
  }
  if (server && !cfg.token && !isLoopback(cfg.listen)) {
    log(
      `warning: ${cfg.listen} is reachable from other hosts and no --token is set: anyone there can read your stacks`,
    );
  }
  w.start();
  discovery?.start(w);
  const n = w.targetConfigs().length;
  const share = cfg.shard ? ` (shard ${cfg.shard.index + 1}/${cfg.shard.count})` : '';
  const where = server ? `; dashboard and /metrics on ${server.url}${cfg.token ? ' (token required)' : ''}` : '';
  log(`watching ${n} target${n === 1 ? '' : 's'}${share}, history in ${w.store.path}${where}`);
  opts.onReady?.(server?.url);
  await new Promise<void>((resolve) => {
    const stop = (why: string) => {
      log(`${why}: stopping`);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve();
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
    opts.signal?.addEventListener('abort', () => stop('stop requested'), { once: true });
  });
  await discovery?.stop();
  await server?.app.close();
  const before = w.store.committedSamples;
  await w.stop();
  log(
    `stopped; ${w.store.committedSamples} sample${w.store.committedSamples === 1 ? '' : 's'} committed this run (${w.store.committedSamples - before} at shutdown)`,
  );
  return EXIT.ok;
}

function isLoopback(listen: string): boolean {
  const host = listen.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
