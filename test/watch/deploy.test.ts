// deploy/ stays in step with the code: the example config loads, and every metric the Grafana dashboard and the
// Prometheus rules query is one watch exposes (or one the recording rules define). With promtool on PATH the rule
// file is also checked by Prometheus itself.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/watch/config.js';
import { readFileSd } from '../../src/watch/discovery.js';
import { WatchMetrics } from '../../src/watch/metrics.js';
import { tempDir } from '../helpers/go.js';

const DEPLOY = new URL('../../deploy/', import.meta.url).pathname;

interface RuleFile {
  groups: {
    name: string;
    rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[];
  }[];
}

const rules = parse(readFileSync(join(DEPLOY, 'prometheus/goroutine-guard.rules.yml'), 'utf8')) as RuleFile;
const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana/goroutine-guard-watch.json'), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
  templating: { list: { name: string; query?: unknown }[] };
};

/** Metric names referenced by a PromQL expression (identifiers followed by `{`, `[`, whitespace or an operator). */
function metricNames(expr: string): string[] {
  const noStrings = expr.replace(/"[^"]*"/g, '""');
  return [...noStrings.matchAll(/\b(goroutine_guard[a-z0-9_:]*)/g)].map((m) => m[1]!);
}

async function exposed(): Promise<Set<string>> {
  const m = new WatchMetrics({ processMetrics: false });
  const json = await m.registry.getMetricsAsJSON();
  const names = new Set(json.map((x) => x.name));
  for (const r of rules.groups.flatMap((g) => g.rules)) if (r.record) names.add(r.record);
  return names;
}

describe('deploy/', () => {
  it('the example watch.yaml loads', async () => {
    const cfg = await loadConfig(join(DEPLOY, 'watch.example.yaml'));
    expect(cfg.targets.map((t) => t.name)).toEqual(['api', 'worker']);
    expect(cfg.webhooks.map((w) => w.format)).toEqual(['alertmanager', 'json']);
    expect(cfg.targets[1]!.debug).toBe(2);
  });

  it('Prometheus rules only use metrics watch exposes, alerts have a severity', async () => {
    const names = await exposed();
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThan(10);
    for (const r of all) {
      for (const n of metricNames(r.expr)) expect(names, `${r.record ?? r.alert}: ${n}`).toContain(n);
      if (r.alert) expect(['critical', 'warning']).toContain(r.labels?.severity);
    }
    // The default thresholds (docs/watch.md) are the ones in the alert expressions.
    const expr = (name: string) => all.find((r) => r.alert === name)!.expr;
    expect(expr('GoroutineGuardGoroutinesHigh')).toContain('> 5000');
    expect(expr('GoroutineGuardHighBlockingRisk')).toContain('> 0.85');
    expect(expr('GoroutineGuardGrowthRate')).toContain('> 50');
  });

  it('the Grafana dashboard only queries metrics watch exposes', async () => {
    const names = await exposed();
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => [p.title, t.expr] as const));
    expect(exprs.length).toBeGreaterThan(15);
    for (const [title, e] of exprs) for (const n of metricNames(e)) expect(names, `${title}: ${n}`).toContain(n);
    const titles = dashboard.panels.map((p) => p.title).join('\n');
    expect(titles).toMatch(/Goroutines/);
    expect(titles).toMatch(/heat map/);
    expect(titles).toMatch(/Timer waits/);
    expect(titles).toMatch(/Heap \(MemStats\)/);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'target']);
  });

  it.skipIf(!hasPromtool())('promtool accepts the rule file', () => {
    const out = execFileSync('promtool', ['check', 'rules', join(DEPLOY, 'prometheus/goroutine-guard.rules.yml')], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('a watch shard that is down has an alert, on the job name the fleet config scrapes it by', () => {
    const fleet = parse(readFileSync(join(DEPLOY, 'fleet/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; file_sd_configs?: { files: string[] }[] }[];
    };
    const job = fleet.scrape_configs.find((c) => c.file_sd_configs?.[0]?.files[0]?.includes('goroutine-guard-shards'));
    const rule = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === 'GoroutineGuardShardDown');
    expect(rule?.expr).toBe(`up{job="${job!.job_name}"} == 0`);
    expect(rule?.labels?.severity).toBe('critical');
  });

  it.skipIf(!hasPromtool())('promtool: the shard-down alert fires after 3 minutes down, for that shard only', () => {
    const t = tempDir('gg-promtool-');
    try {
      const test = join(t.dir, 'shard-down.test.yml');
      writeFileSync(
        test,
        stringify({
          rule_files: [join(DEPLOY, 'prometheus/goroutine-guard.rules.yml')],
          evaluation_interval: '30s',
          tests: [
            {
              interval: '30s',
              input_series: [
                // shard 1 stops answering after 1 minute; shard 2 stays up.
                { series: 'up{job="goroutine-guard", instance="shard-1:9464"}', values: '1 1 0x12' },
                { series: 'up{job="goroutine-guard", instance="shard-2:9464"}', values: '1x14' },
              ],
              alert_rule_test: [
                { eval_time: '3m', alertname: 'GoroutineGuardShardDown', exp_alerts: [] },
                {
                  eval_time: '4m30s',
                  alertname: 'GoroutineGuardShardDown',
                  exp_alerts: [
                    {
                      exp_labels: { severity: 'critical', job: 'goroutine-guard', instance: 'shard-1:9464' },
                      exp_annotations: {
                        summary: 'shard-1:9464: goroutine-guard watch is down; the targets it scrapes are not watched',
                        description: 'Restart it; its history (SQLite) is kept, the samples of the gap are missing.',
                      },
                    },
                  ],
                },
              ],
            },
          ],
        }),
      );
      const out = execFileSync('promtool', ['test', 'rules', test], { encoding: 'utf8' });
      expect(out).toMatch(/SUCCESS/);
    } finally {
      t.cleanup();
    }
  });

  it('deploy/fleet: the shard config loads with its discovery, the file_sd example gives pprof URLs', async () => {
    const cfg = await loadConfig(join(DEPLOY, 'fleet/watch-shard.yaml'), { shard: '2/3' });
    expect(cfg.shard).toEqual({ index: 1, count: 3 });
    expect(cfg.discovery?.prometheus.map((p) => p.url)).toEqual(['http://prometheus.internal:9090']);
    expect(cfg.discovery?.refreshInterval).toBe(30_000);
    expect(cfg.siteTopK).toBe(10);
    expect(cfg.targets).toEqual([]);
    const found = await readFileSd(join(DEPLOY, 'fleet/services.json'), cfg.discovery!.portLabel);
    expect(found.map((t) => t.url)).toEqual([
      'http://10.0.1.17:6060',
      'http://10.0.1.18:6060',
      'http://10.0.2.31:8080',
    ]);
    expect(found[0]!.labels).toEqual({ app: 'checkout' });
    await expect(loadConfig(join(DEPLOY, 'fleet/watch-shard.yaml'), { shard: '4/3' })).rejects.toThrow(
      /^--shard: "4\/3" is not a shard; expected i\/n with 1 ≤ i ≤ n/,
    );
  });
});

function hasPromtool(): boolean {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
