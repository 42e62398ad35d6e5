// deploy/ stays in step with the code: the example config loads, and every metric the Grafana dashboard and the
// Prometheus rules query is one watch exposes (or one the recording rules define). With promtool on PATH the rule
// file is also checked by Prometheus itself.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/watch/config.js';
import { readFileSd } from '../../src/watch/discovery.js';
import { WatchMetrics } from '../../src/watch/metrics.js';

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
