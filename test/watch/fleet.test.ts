// The fleet setup of docs/fleet.md, end to end with real parts: Debian's Prometheus (scripts/prometheus.mjs
// installs it on a fresh machine) scrapes six real Go services (three leaking, three healthy) found through a
// file_sd file, two watch shards discover those services from Prometheus's /api/v1/targets (the pprof_port label
// convention) and split them, Prometheus scrapes both shards and evaluates the shipped rule file
// (deploy/prometheus/goroutine-guard.rules.yml with `for:` and the group interval shortened), and a shard restart
// keeps its SQLite history. Every wait is a poll with a deadline.

import type { ChildProcess } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/watch/config.js';
import { openFleetWatcher, type Discovery } from '../../src/watch/fleet.js';
import { startServer } from '../../src/watch/server.js';
import { shardOf } from '../../src/watch/shard.js';
import type { Watcher } from '../../src/watch/watcher.js';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startService, waitUntil, type Service } from './helpers.js';
import { startPrometheus } from './prometheus.js';

const RULES = new URL('../../deploy/prometheus/goroutine-guard.rules.yml', import.meta.url).pathname;
const FLEET_PROMETHEUS = new URL('../../deploy/fleet/prometheus.yml', import.meta.url).pathname;
const GRAFANA = new URL('../../deploy/grafana/goroutine-guard-watch.json', import.meta.url).pathname;

const tmp = tempDir('gguard-fleet-');
const leaky: Service[] = [];
const healthy: Service[] = [];
let prom: ChildProcess | undefined;
let promUrl = '';

interface Shard {
  watcher: Watcher;
  discovery: Discovery | undefined;
  server: Awaited<ReturnType<typeof startServer>>;
  addr: string;
}
const shards: (Shard | undefined)[] = [undefined, undefined];

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The shipped rules with every `for:` at 2 s and every group evaluated each second (nothing else changes). */
function testRules(): string {
  const doc = parse(readFileSync(RULES, 'utf8')) as { groups: { interval?: string; rules: { for?: string }[] }[] };
  for (const g of doc.groups) {
    g.interval = '1s';
    for (const r of g.rules) if (r.for) r.for = '2s';
  }
  return stringify(doc);
}

function writeShardsSd(): void {
  const groups = shards.flatMap((s, i) => (s ? [{ targets: [s.addr], labels: { shard: `${i + 1}/2` } }] : []));
  writeFileSync(join(tmp.dir, 'shards.json.tmp'), JSON.stringify(groups));
  // Renamed into place: Prometheus never reads half a file.
  renameSync(join(tmp.dir, 'shards.json.tmp'), join(tmp.dir, 'shards.json'));
}

async function startShard(i: number): Promise<Shard> {
  const cfgFile = join(tmp.dir, `shard${i + 1}.yaml`);
  writeFileSync(
    cfgFile,
    [
      `data: ${join(tmp.dir, `data${i + 1}`)}`,
      'listen: 127.0.0.1:0',
      `shard: ${i + 1}/2`,
      // Short for a quick test; a whole interval of timeout so a loaded CI machine does not mark healthy targets down.
      'interval: 1s',
      'timeout: 1s',
      'flushInterval: 200ms',
      'capture: { onFiring: false }',
      'siteTopK: 3',
      `discovery: { prometheus: ["${promUrl}"], refreshInterval: 500ms }`,
    ].join('\n'),
  );
  const cfg = await loadConfig(cfgFile);
  const { watcher, discovery } = await openFleetWatcher(cfg, { processMetrics: false });
  const server = await startServer(watcher, { listen: cfg.listen });
  watcher.setPublicUrl(server.url);
  watcher.start();
  discovery?.start(watcher);
  return { watcher, discovery, server, addr: new URL(server.url).host };
}

async function stopShard(i: number): Promise<void> {
  const s = shards[i];
  if (!s) return;
  shards[i] = undefined;
  await s.discovery?.stop();
  await s.server.app.close();
  await s.watcher.stop();
}

beforeAll(async () => {
  const bin = await buildWatchsvc(tmp.dir);
  const started = await Promise.all([
    ...[0, 1, 2].map(() => startService(bin, ['-mode', 'leaky'])),
    ...[0, 1, 2].map(() => startService(bin, ['-mode', 'healthy'])),
  ]);
  leaky.push(...started.slice(0, 3));
  healthy.push(...started.slice(3));
  // Goroutines on channels nothing references: the goroutineleak profile proves them leaked.
  await Promise.all(leaky.map((s) => s.get('/leak-forever?n=3')));

  // Services in a file_sd file as Prometheus users have them: the pprof port is a label beside the address.
  const group = (s: Service, kind: string) => ({
    targets: [s.addr],
    labels: { kind, pprof_port: s.addr.split(':').pop()! },
  });
  writeFileSync(
    join(tmp.dir, 'services.json'),
    JSON.stringify([...leaky.map((s) => group(s, 'leaky')), ...healthy.map((s) => group(s, 'healthy'))]),
  );
  writeShardsSd();
  writeFileSync(join(tmp.dir, 'rules.yml'), testRules());
  // deploy/fleet/prometheus.yml as committed, with this test's files and 1 s intervals.
  const promCfg = parse(readFileSync(FLEET_PROMETHEUS, 'utf8')) as {
    global: Record<string, string>;
    rule_files: string[];
    scrape_configs: { job_name: string; file_sd_configs: { files: string[]; refresh_interval?: string }[] }[];
  };
  Object.assign(promCfg.global, { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' });
  promCfg.rule_files = [join(tmp.dir, 'rules.yml')];
  const sdFiles: Record<string, string> = { services: 'services.json', 'goroutine-guard': 'shards.json' };
  expect(promCfg.scrape_configs.map((c) => c.job_name).sort()).toEqual(Object.keys(sdFiles).sort());
  for (const c of promCfg.scrape_configs)
    c.file_sd_configs = [{ files: [join(tmp.dir, sdFiles[c.job_name]!)], refresh_interval: '1s' }];
  writeFileSync(join(tmp.dir, 'prometheus.yml'), stringify(promCfg));
  const p = await startPrometheus(join(tmp.dir, 'prometheus.yml'), tmp.dir);
  prom = p.proc;
  promUrl = p.url;
  shards[0] = await startShard(0);
  shards[1] = await startShard(1);
  writeShardsSd();
}, 120_000);

afterAll(async () => {
  await Promise.all([stopShard(0), stopShard(1)]);
  prom?.kill('SIGKILL');
  await Promise.all([...leaky, ...healthy].map((s) => s.stop()));
  tmp.cleanup();
});

interface PromTarget {
  labels: Record<string, string>;
  health: string;
}
interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

describe('watch fleet behind Prometheus', () => {
  it('the shards split the services discovered from Prometheus, by the rendezvous hash', async () => {
    const all = [...leaky, ...healthy].map((s) => s.addr).sort();
    const owned = await waitUntil(
      () => {
        const o = shards.map((s) =>
          s!.watcher
            .targetConfigs()
            .map((t) => t.name)
            .sort(),
        );
        return o[0]!.length + o[1]!.length === all.length ? o : undefined;
      },
      'both shards to own all six services',
      30_000,
    );
    expect([...owned[0]!, ...owned[1]!].sort()).toEqual(all);
    for (const i of [0, 1]) for (const name of owned[i]!) expect(shardOf(name, 2)).toBe(i);
    // Only the services (they carry pprof_port): the shards themselves, also Prometheus targets, are not scraped.
    const shardAddrs = shards.map((s) => s!.addr);
    for (const o of owned) for (const name of o) expect(shardAddrs).not.toContain(name);
    // Labels travel: `kind` from the file_sd file, job/instance from Prometheus.
    const t = shards[0]!.watcher.targetConfigs()[0] ?? shards[1]!.watcher.targetConfigs()[0]!;
    expect(['leaky', 'healthy']).toContain(t.labels.kind);
    expect(t.labels.job).toBe('services');
  });

  it('Prometheus scrapes both shards', async () => {
    await waitUntil(
      async () => {
        const r = await getJson<{ data: { activeTargets: PromTarget[] } }>(`${promUrl}/api/v1/targets`);
        const up = r.data.activeTargets.filter((t) => t.labels.job === 'goroutine-guard' && t.health === 'up');
        return up.length === 2;
      },
      'both shards up in Prometheus',
      30_000,
      200,
    );
    // Every service's series reaches Prometheus, each from exactly one shard (its `instance`).
    const all = [...leaky, ...healthy].map((x) => x.addr).sort();
    const result = await waitUntil(
      async () => {
        const q = await getJson<{ data: { result: { metric: Record<string, string> }[] } }>(
          `${promUrl}/api/v1/query?query=${encodeURIComponent('goroutine_guard_target_goroutines')}`,
        );
        return q.data.result.length >= all.length ? q.data.result : undefined;
      },
      'goroutine_guard_target_goroutines of all six services in Prometheus',
      30_000,
      200,
    );
    expect(result.map((r) => r.metric.target!).sort()).toEqual(all);
    for (const r of result) expect(r.metric.instance).toBe(shards[shardOf(r.metric.target!, 2)]!.addr);
    // Per-site series: at most siteTopK (3) sites + `other` per target.
    const sites = await getJson<{ data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>(
      `${promUrl}/api/v1/query?query=${encodeURIComponent('count by (target) (goroutine_guard_target_site_goroutines)')}`,
    );
    expect(sites.data.result.length).toBeGreaterThan(0);
    for (const r of sites.data.result) expect(Number(r.value[1])).toBeLessThanOrEqual(4);
  });

  it('the shipped alert rules fire in Prometheus for the leaking services only', async () => {
    const leakyNames = new Set(leaky.map((s) => s.addr));
    const healthyNames = new Set(healthy.map((s) => s.addr));
    const firing = await waitUntil(
      async () => {
        const r = await getJson<{ data: { alerts: PromAlert[] } }>(`${promUrl}/api/v1/alerts`);
        const f = r.data.alerts.filter((a) => a.state === 'firing');
        const proven = new Set(
          f.filter((a) => a.labels.alertname === 'GoroutineGuardProvenLeak').map((a) => a.labels.target),
        );
        const watchAlert = new Set(
          f.filter((a) => a.labels.alertname === 'GoroutineGuardWatchAlert').map((a) => a.labels.target),
        );
        return [...leakyNames].every((n) => proven.has(n) && watchAlert.has(n)) ? r.data.alerts : undefined;
      },
      'GoroutineGuardProvenLeak and GoroutineGuardWatchAlert firing for the three leaking services',
      40_000,
      250,
    );
    for (const a of firing) {
      if (a.labels.target)
        expect(healthyNames, `${a.labels.alertname} ${a.state} for a healthy service`).not.toContain(a.labels.target);
    }
    // Never, not even pending, for a healthy service: ALERTS keeps every pending and firing alert as a series.
    const everFor = async (names: Set<string>) => {
      const re = [...names].map((n) => n.replace(/\./g, '\\.')).join('|');
      const q = `max_over_time(ALERTS{target=~\`${re}\`}[5m])`;
      const r = await getJson<{ data: { result: { metric: Record<string, string> }[] } }>(
        `${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`,
      );
      return r.data.result.map((x) => `${x.metric.alertname} ${x.metric.target}`);
    };
    expect(await everFor(healthyNames)).toEqual([]);
    // The same query sees the leaking services' alerts (it can see alerts at all).
    expect((await everFor(leakyNames)).length).toBeGreaterThanOrEqual(6);
    // The alert names the shard that owns the target (drill-down to its dashboard).
    const a = firing.find((x) => x.labels.alertname === 'GoroutineGuardProvenLeak')!;
    const owner = shards[shardOf(a.labels.target!, 2)]!;
    expect(a.labels.instance).toBe(owner.addr);
    const info = await fetch(`${owner.server.url}/metrics`).then((r) => r.text());
    expect(info).toContain(`goroutine_guard_target_info{target="${a.labels.target}"`);
    expect(info).toContain(`dashboard="${owner.server.url}/#/t/${encodeURIComponent(a.labels.target!)}"`);
  });

  it("the Grafana panels that link a target to its shard's dashboard answer in Prometheus", async () => {
    const dash = JSON.parse(readFileSync(GRAFANA, 'utf8')) as {
      panels: {
        title: string;
        targets: { expr: string }[];
        fieldConfig?: { defaults?: { links?: { url: string }[] } };
      }[];
    };
    const linked = dash.panels.filter((p) => p.fieldConfig?.defaults?.links?.some((l) => l.url.includes('dashboard')));
    expect(linked.length).toBeGreaterThanOrEqual(2);
    for (const p of linked) {
      const expr = p.targets[0]!.expr.replaceAll('$target', '.*');
      const result = await waitUntil(
        async () => {
          const r = await getJson<{ data: { result: { metric: Record<string, string> }[] } }>(
            `${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`,
          );
          return r.data.result.length ? r.data.result : undefined;
        },
        `the panel "${p.title}" to have data`,
        20_000,
        200,
      );
      for (const r of result) {
        const owner = shards[shardOf(r.metric.target!, 2)]!;
        expect(r.metric.dashboard, p.title).toBe(`${owner.server.url}/#/t/${encodeURIComponent(r.metric.target!)}`);
      }
    }
  });

  it('a shard restart loses no history', async () => {
    // The shard with more targets (the ports are random: one shard may own none of six, ~3 % of runs).
    const k = shards[0]!.watcher.targetConfigs().length >= shards[1]!.watcher.targetConfigs().length ? 0 : 1;
    const s = shards[k]!;
    const names = s.watcher.targetConfigs().map((t) => t.name);
    expect(names.length).toBeGreaterThan(0);
    type Row = { id: number; t: number };
    const samples = (base: string, name: string) =>
      getJson<Row[]>(`${base}/api/targets/${encodeURIComponent(name)}/samples?limit=1000`);
    // At least two samples each before the restart.
    const before = await waitUntil(
      async () => {
        const rows = await Promise.all(names.map((n) => samples(s.server.url, n)));
        return rows.every((r) => r.length >= 2) ? rows : undefined;
      },
      'two samples per target before the restart',
      20_000,
      200,
    );
    await stopShard(k);
    shards[k] = await startShard(k);
    writeShardsSd();
    const again = shards[k];
    const after = await waitUntil(
      async () => {
        const rows = await Promise.all(names.map((n) => samples(again.server.url, n)));
        // Scraped again since the restart: more samples than the stop could have committed.
        const latest = Math.max(...before.flat().map((r) => r.t));
        return rows.every((r) => r.some((x) => x.t > latest + 500)) ? rows : undefined;
      },
      'new samples after the restart',
      20_000,
      200,
    );
    names.forEach((_, i) => {
      const ids = new Set(after[i]!.map((r) => r.id));
      for (const r of before[i]!) expect(ids, `sample ${r.id} of ${names[i]} kept`).toContain(r.id);
    });
    // The same targets came back (the share is the hash's, not the start order's).
    expect(
      again.watcher
        .targetConfigs()
        .map((t) => t.name)
        .sort(),
    ).toEqual([...names].sort());
  });
});
