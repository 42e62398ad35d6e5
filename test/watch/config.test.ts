import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GuardError } from '../../src/core/errors.js';
import { baseUrl, loadConfig } from '../../src/watch/config.js';
import { DEFAULTS, RULE_DEFAULTS, TARGET_DEFAULTS } from '../../src/watch/config-model.js';
import { tempDir } from '../helpers/go.js';

const tmp = tempDir('gguard-watch-config-');
afterAll(() => tmp.cleanup());

function file(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

describe('watch config', () => {
  it('applies the default rules (docs/watch.md) to a minimal file', async () => {
    const cfg = await loadConfig(file('min.yaml', 'targets:\n  - url: http://127.0.0.1:6060\n'));
    expect(cfg.listen).toBe('127.0.0.1:7070');
    expect(cfg.retention).toBe(7 * 86_400_000);
    const t = cfg.targets[0]!;
    expect(t.name).toBe('127.0.0.1:6060');
    expect(t.interval).toBe(30_000);
    expect(t.debug).toBe(0);
    expect(t.profilePath).toBe(TARGET_DEFAULTS.profilePath);
    expect(t.rules).toEqual(RULE_DEFAULTS);
    expect(t.rules.maxGoroutines).toBe(5000);
    expect(t.rules.parkedRatio).toBe(0.85);
    expect(t.rules.growthPerSecond).toBe(50);
    expect(t.rules.growthPeriods).toBe(3);
    expect(cfg.capture).toEqual(DEFAULTS.capture);
  });

  it('layers global rules, per-target rules and command-line overrides', async () => {
    const p = file(
      'layers.yaml',
      [
        'interval: 10s',
        'maxBytes: 8MiB',
        'rules: { maxGoroutines: 1000 }',
        'webhooks:',
        '  - http://127.0.0.1:9/hook',
        '  - { url: http://127.0.0.1:9093, format: alertmanager, resendInterval: 2m }',
        'targets:',
        '  - name: api',
        '    url: http://127.0.0.1:6060/debug/pprof/',
        '    interval: 5s',
        '    debug: 2',
        '    labels: { team: payments }',
        '    sourceMap: { "/build/": /srv/api/ }',
        '    rules: { growthPerSecond: 5, resolveAfter: 1, for: 2m, resolveHold: 30s, resolveMargin: 0.2, stuckAfter: 15m }',
        '  - url: http://127.0.0.1:6061',
      ].join('\n'),
    );
    const cfg = await loadConfig(p, {
      urls: ['http://127.0.0.1:7000/debug/pprof/goroutine'],
      timeout: 2000,
      token: 's3cret',
    });
    const [api, second, quick] = cfg.targets;
    expect(api).toMatchObject({
      name: 'api',
      url: 'http://127.0.0.1:6060',
      interval: 5000,
      debug: 2,
      maxBytes: 8 * 2 ** 20,
    });
    expect(api!.labels).toEqual({ team: 'payments' });
    expect(api!.sourceMap).toEqual({ '/build/': '/srv/api/' });
    expect(second!.sourceMap).toEqual({});
    expect(api!.rules).toMatchObject({ maxGoroutines: 1000, growthPerSecond: 5, resolveAfter: 1, growthPeriods: 3 });
    expect(api!.rules).toMatchObject({ for: 120_000, resolveHold: 30_000, resolveMargin: 0.2, stuckAfter: 900_000 });
    // The lasting-alert defaults (src/watch/config-model.ts RULE_DEFAULTS) where nothing is set.
    expect(second!.rules).toMatchObject({ for: 0, resolveHold: 300_000, resolveMargin: 0.1, stuckAfter: 600_000 });
    expect(second).toMatchObject({ interval: 10_000, timeout: 2000 });
    expect(second!.rules.growthPerSecond).toBe(50);
    expect(quick).toMatchObject({ name: '127.0.0.1:7000', url: 'http://127.0.0.1:7000', interval: 10_000 });
    expect(cfg.webhooks.map((w) => [w.format, w.resendInterval])).toEqual([
      ['json', 60_000],
      ['alertmanager', 120_000],
    ]);
    expect(cfg.token).toBe('s3cret');
  });

  it('rejects an unknown key by name and line', async () => {
    const p = file('typo.yaml', 'targets:\n  - url: http://127.0.0.1:6060\n    rules:\n      maxGoroutine: 10\n');
    const err = await loadConfig(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuardError);
    expect((err as GuardError).message).toContain('targets[0].rules.maxGoroutine: unknown key "maxGoroutine"');
    expect((err as GuardError).position.line).toBe(4);
  });

  it.each([
    ['interval: soon\ntargets: [{ url: "http://127.0.0.1:1" }]', 'interval: "soon" is not a duration'],
    ['targets: [{ url: "ftp://x" }]', 'targets[0].url: "ftp://x" is not http(s)'],
    ['targets: [{ url: "http://a:1", name: x }, { url: "http://b:1", name: x }]', 'duplicate target name "x"'],
    ['targets: [{ url: "http://a:1", interval: 1s, timeout: 5s }]', 'timeout is longer than the interval'],
    ['targets: []', 'no targets'],
    [
      'rules: { parkedRatio: 3 }\ntargets: [{ url: "http://a:1" }]',
      'rules.parkedRatio: must be a number between 0 and 1',
    ],
    [
      'rules: { resolveMargin: 2 }\ntargets: [{ url: "http://a:1" }]',
      'rules.resolveMargin: must be a number between 0 and 1',
    ],
    ['rules: { resolveHold: later }\ntargets: [{ url: "http://a:1" }]', 'rules.resolveHold: "later" is not a duration'],
    ['listen: nowhere\ntargets: [{ url: "http://a:1" }]', 'listen: "nowhere" is not host:port'],
    ['targets: [{ url: "http://a:1", debug: 1 }]', 'targets[0].debug: must be 0 or 2'],
    ['targets:\n  - url: [', 'invalid YAML'],
  ])('rejects %j', async (text, message) => {
    const err = await loadConfig(file('bad.yaml', text)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuardError);
    expect((err as GuardError).kind).toBe('config');
    expect((err as GuardError).message).toContain(message);
  });

  it('lets the timeout follow a short interval unless one was set, and blames the key that was written', async () => {
    const short = await loadConfig(file('short.yaml', 'interval: 5s\ntargets:\n  - url: http://127.0.0.1:1\n'));
    expect(short.targets[0]).toMatchObject({ interval: 5000, timeout: 5000 });
    const flag = await loadConfig(undefined, { urls: ['http://127.0.0.1:1'], interval: 2000 });
    expect(flag.targets[0]).toMatchObject({ interval: 2000, timeout: 2000 });
    const long = await loadConfig(undefined, { urls: ['http://127.0.0.1:1'], interval: 60_000 });
    expect(long.targets[0]).toMatchObject({ interval: 60_000, timeout: TARGET_DEFAULTS.timeout });
    const perTarget = await loadConfig(file('pt.yaml', 'targets:\n  - url: http://127.0.0.1:1\n    interval: 3s\n'));
    expect(perTarget.targets[0]).toMatchObject({ interval: 3000, timeout: 3000 });

    const top = (await loadConfig(
      file('top.yaml', 'interval: 5s\ntimeout: 8s\ntargets:\n  - url: http://127.0.0.1:1\n'),
    ).catch((e: unknown) => e)) as GuardError;
    expect(top).toBeInstanceOf(GuardError);
    expect(top.message).toMatch(/: timeout: timeout is longer than the interval \(8s > 5s for 127\.0\.0\.1:1\);/);
    expect(top.position.line).toBe(2);
    const cli = (await loadConfig(undefined, { urls: ['http://127.0.0.1:1'], interval: 5000, timeout: 8000 }).catch(
      (e: unknown) => e,
    )) as GuardError;
    expect(cli).toBeInstanceOf(GuardError);
    expect(cli.message).toContain('--timeout: timeout is longer than the interval (8s > 5s');
    expect(cli.message).not.toContain('targets[0]');
  });

  it('reads the fleet keys: discovery, shard, siteTopK, remoteWrite; no targets needed with discovery', async () => {
    const cfg = await loadConfig(
      file(
        'fleet.yaml',
        [
          'shard: 2/4',
          'siteTopK: 0',
          'interval: 5s',
          'remoteWrite: { url: "http://127.0.0.1:9090/api/v1/write", labels: { shard: "2/4" }, flushInterval: 2s }',
          'discovery:',
          '  fileSd: a.json',
          '  prometheus: [ "http://127.0.0.1:9090", { url: "http://127.0.0.1:9091", match: { job: api } } ]',
          '  portLabel: debug_port',
        ].join('\n'),
      ),
    );
    expect(cfg.targets).toEqual([]);
    expect(cfg.shard).toEqual({ index: 1, count: 4 });
    expect(cfg.siteTopK).toBe(0);
    expect(cfg.discovery).toEqual({
      fileSd: ['a.json'],
      prometheus: [
        { url: 'http://127.0.0.1:9090', match: {} },
        { url: 'http://127.0.0.1:9091', match: { job: 'api' } },
      ],
      portLabel: 'debug_port',
      refreshInterval: 10_000,
    });
    expect(cfg.remoteWrite).toMatchObject({ labels: { shard: '2/4' }, flushInterval: 2000, timeout: 10_000 });
    // Discovered targets get the top-level defaults.
    expect(cfg.targetDefaults.interval).toBe(5000);
    expect(cfg.targetDefaults.timeout).toBe(5000);
  });

  it.each([
    [
      'discovery: { prometheus: [ "ftp://x" ] }',
      /^.*fleet-bad\.yaml:1: discovery\.prometheus\[0\]: "ftp:\/\/x" is not http/,
    ],
    [
      'remoteWrite: { url: "http://x", flush: 1s }\ntargets: [{ url: "http://a:1" }]',
      /fleet-bad\.yaml:1: remoteWrite\.flush: unknown key/,
    ],
    ['shard: 5/4\ntargets: [{ url: "http://a:1" }]', /fleet-bad\.yaml:1: shard: "5\/4" is not a shard/],
  ])('rejects bad fleet keys with the line: %s', async (text, re) => {
    await expect(loadConfig(file('fleet-bad.yaml', text))).rejects.toThrow(re);
  });

  it('names a missing file', async () => {
    const err = await loadConfig(join(tmp.dir, 'nope.yaml')).catch((e: unknown) => e);
    expect((err as GuardError).message).toMatch(/nope\.yaml: no such file/);
  });

  it('turns pprof URLs into service base URLs', () => {
    expect(baseUrl('http://h:1/debug/pprof/')).toBe('http://h:1');
    expect(baseUrl('http://h:1/app/debug/pprof/goroutine?debug=2')).toBe('http://h:1/app');
    expect(baseUrl('http://h:1')).toBe('http://h:1');
  });
});
