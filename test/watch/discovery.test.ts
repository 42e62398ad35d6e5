// Target discovery from Prometheus file_sd files (JSON and YAML), and a running watch following a file as it
// changes: real files, real Go services on 127.0.0.1, the real watcher and its SQLite history.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/watch/config.js';
import { parseFileSd, readFileSd, toTarget } from '../../src/watch/discovery.js';
import { openFleetWatcher, type Discovery } from '../../src/watch/fleet.js';
import type { Watcher } from '../../src/watch/watcher.js';
import { tempDir } from '../helpers/go.js';
import { buildWatchsvc, startService, waitUntil, type Service } from './helpers.js';

const tmp = tempDir('gguard-discovery-');

describe('file_sd', () => {
  it('reads the JSON and the YAML form alike, with the pprof_port convention', async () => {
    const json = join(tmp.dir, 'a.json');
    const yaml = join(tmp.dir, 'a.yml');
    writeFileSync(
      json,
      JSON.stringify([
        { targets: ['10.0.0.7:9100', '10.0.0.8:9100'], labels: { job: 'api', pprof_port: '6060' } },
        { targets: ['db.internal:6061'], labels: { __scheme__: 'https', team: 'storage' } },
      ]),
    );
    writeFileSync(
      yaml,
      [
        '- targets: [10.0.0.7:9100, 10.0.0.8:9100]',
        '  labels: { job: api, pprof_port: 6060 }',
        '- targets:',
        '    - db.internal:6061',
        '  labels:',
        '    __scheme__: https',
        '    team: storage',
      ].join('\n'),
    );
    const expected = [
      { name: '10.0.0.7:6060', url: 'http://10.0.0.7:6060', labels: { job: 'api' } },
      { name: '10.0.0.8:6060', url: 'http://10.0.0.8:6060', labels: { job: 'api' } },
      { name: 'db.internal:6061', url: 'https://db.internal:6061', labels: { team: 'storage' } },
    ];
    expect(await readFileSd(json, 'pprof_port')).toEqual(expected);
    expect(await readFileSd(yaml, 'pprof_port')).toEqual(expected);
    expect(parseFileSd('', 'empty.yml', 'pprof_port')).toEqual([]);
    expect(toTarget('[::1]:9100', { pprof_port: '6060' }, 'pprof_port')?.url).toBe('http://[::1]:6060');
  });

  it('names the file, the line and what was expected for bad input', async () => {
    const bad = (text: string) => () => parseFileSd(text, 'sd.yml', 'pprof_port');
    expect(bad('- targets: [a:1]\n- { targets: [a:1, "no port"] }')).toThrow(
      /^sd\.yml:2: "no port" is not host:port; expected targets like/,
    );
    expect(bad('targets: [a:1]')).toThrow(/^sd\.yml:1: file_sd must be a list; expected a list of/);
    expect(bad('- { targets: [a:1], lables: {} }')).toThrow(
      /^sd\.yml:1: unknown key "lables"; expected targets, labels/,
    );
    expect(bad('[{"targets": ["a:1"]}, {"labels": {}}]')).toThrow(/^sd\.yml:1: file_sd entry has no `targets` list/);
    expect(bad('- targets: [a:1\n')).toThrow(/^sd\.yml:\d+: invalid file_sd: /);
    await expect(readFileSd(join(tmp.dir, 'missing.json'), 'pprof_port')).rejects.toThrow(
      /missing\.json: no such file$/,
    );
  });
});

describe('a watch following a file_sd file', () => {
  const svcs: Service[] = [];
  let w: Watcher;
  let d: Discovery | undefined;
  const log: string[] = [];
  const sdFile = join(tmp.dir, 'services.json');
  const writeSd = (list: Service[]) =>
    writeFileSync(sdFile, JSON.stringify([{ targets: list.map((s) => s.addr), labels: { env: 'test' } }]));

  beforeAll(async () => {
    const bin = await buildWatchsvc(tmp.dir);
    svcs.push(...(await Promise.all([0, 1, 2].map(() => startService(bin, ['-mode', 'healthy'])))));
    writeSd([svcs[0]!, svcs[1]!]);
    const cfgFile = join(tmp.dir, 'watch.yaml');
    writeFileSync(
      cfgFile,
      [
        `data: ${join(tmp.dir, 'data')}`,
        'interval: 300ms',
        'flushInterval: 100ms',
        `discovery: { fileSd: [${sdFile}], refreshInterval: 100ms }`,
      ].join('\n'),
    );
    const cfg = await loadConfig(cfgFile);
    ({ watcher: w, discovery: d } = await openFleetWatcher(cfg, { processMetrics: false, log: (l) => log.push(l) }));
    w.start();
    d?.start(w);
  }, 120_000);

  afterAll(async () => {
    await d?.stop();
    await w?.stop();
    await Promise.all(svcs.map((s) => s.stop()));
    tmp.cleanup();
  });

  const names = () =>
    w
      .targetConfigs()
      .map((t) => t.name)
      .sort();
  const samples = async (name: string) => (await w.queries.samples(name)).length;

  it('adds and removes targets as the file changes, without a restart, keeping the history', async () => {
    expect(names()).toEqual([svcs[0]!.addr, svcs[1]!.addr].sort());
    expect(w.targetConfigs()[0]!.labels).toEqual({ env: 'test' });
    await waitUntil(async () => (await samples(svcs[1]!.addr)) >= 2, 'two samples of the second service');
    writeSd([svcs[0]!, svcs[2]!]);
    await waitUntil(() => names().join() === [svcs[0]!.addr, svcs[2]!.addr].sort().join(), 'the new list');
    await waitUntil(async () => (await samples(svcs[2]!.addr)) >= 1, 'a sample of the added service');
    // The removed service is no longer scraped nor on /metrics; its history stays in SQLite.
    const kept = await samples(svcs[1]!.addr);
    expect(kept).toBeGreaterThanOrEqual(2);
    const metrics = await w.metrics.text();
    expect(metrics).not.toContain(`target="${svcs[1]!.addr}"`);
    expect(metrics).toContain(`goroutine_guard_target_info{target="${svcs[2]!.addr}"`);
    expect((await w.queries.targets()).map((t) => t.name)).toContain(svcs[1]!.addr);
    expect(log.some((l) => /^discovery: \+1 −1 targets/.test(l))).toBe(true);
  });

  it('keeps the last good list when the file turns bad, and says why', async () => {
    const before = names();
    writeFileSync(sdFile, '[{"targets": ["no port"]}]');
    await waitUntil(() => log.some((l) => l.includes('"no port" is not host:port')), 'the discovery error logged');
    expect(names()).toEqual(before);
  });
});
