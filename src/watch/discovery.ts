// Where fleet targets come from: Prometheus file_sd files (JSON or YAML) and a Prometheus server's
// `/api/v1/targets`. Both give addresses plus labels; the convention that turns one into a pprof URL is:
//   - the address is `host:port`; a `pprof_port` label (the `portLabel`) replaces the port (the service's
//     metrics port is usually not its pprof port), a `__scheme__` label chooses https;
//   - from Prometheus, a target is taken when it carries `pprof_port`, or when it matches every `match:` label
//     (then the scrape port serves pprof too); the host is the one Prometheus scrapes;
//   - the target's name is its pprof `host:port`; labels not starting with `__` become the target's labels.
// Parsing is pure (tests feed it files and real Prometheus answers); reading is in `readFileSd`/`readPrometheus`.

import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { GuardError } from '../core/index.js';
import { getCapped } from '../io/index.js';
import type { Reader } from './config-reader.js';

export interface PrometheusSd {
  /** Base URL of the Prometheus server (`http://prometheus:9090`). */
  url: string;
  /** Take targets whose labels equal all of these (after relabelling), even without the port label. */
  match: Record<string, string>;
}

export interface DiscoveryConfig {
  fileSd: string[];
  prometheus: PrometheusSd[];
  /** Label naming the pprof port (default `pprof_port`). */
  portLabel: string;
  /** How often sources are read again (files only when they changed). */
  refreshInterval: number;
}

export interface DiscoveredTarget {
  name: string;
  url: string;
  labels: Record<string, string>;
}

export const DISCOVERY_DEFAULTS = { portLabel: 'pprof_port', refreshInterval: 10_000 };

/** One address + labels → a target, or undefined when the address is not `host:port`. */
export function toTarget(
  address: string,
  labels: Record<string, string>,
  portLabel: string,
): DiscoveredTarget | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+)(?::(\d{1,5}))?$/.exec(address.trim());
  if (!m) return undefined;
  const port = labels[portLabel] ?? m[2];
  if (!port || !/^\d{1,5}$/.test(port)) return undefined;
  const scheme = labels.__scheme__ === 'https' ? 'https' : 'http';
  const name = `${m[1]}:${port}`;
  const own = Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('__') && k !== portLabel));
  return { name, url: `${scheme}://${name}`, labels: own };
}

/** A file_sd document (a list of `{targets: [...], labels: {...}}`) → targets; errors name the file and line. */
export function parseFileSd(text: string, file: string, portLabel: string): DiscoveredTarget[] {
  const lc = new LineCounter();
  // YAML 1.2 is a superset of JSON: one parser, with lines, for both file_sd formats.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const line = lc.linePos(err.pos[0]).line;
    throw new GuardError('config', file, `invalid file_sd: ${err.message.split('\n')[0]}`, { line });
  }
  const fail = (node: unknown, detail: string, expected: string): never => {
    const r = (node as { range?: [number] } | undefined)?.range;
    throw new GuardError('config', file, detail, r ? { line: lc.linePos(r[0]).line } : {}, expected);
  };
  const root = doc.contents;
  if (root === null) return [];
  if (!isSeq(root)) return fail(root, 'file_sd must be a list', 'a list of {targets: [host:port, …], labels: {…}}');
  const out: DiscoveredTarget[] = [];
  for (const group of root.items) {
    if (!isMap(group)) return fail(group, 'file_sd entry must be a mapping', '{targets: [...], labels: {...}}');
    const g = group.toJSON() as { targets?: unknown; labels?: unknown };
    for (const k of Object.keys(g)) {
      if (k !== 'targets' && k !== 'labels') fail(group, `unknown key "${k}"`, 'targets, labels');
    }
    if (!Array.isArray(g.targets)) return fail(group, 'file_sd entry has no `targets` list', 'targets: [host:port]');
    const labels: Record<string, string> = {};
    if (g.labels !== undefined) {
      if (typeof g.labels !== 'object' || g.labels === null || Array.isArray(g.labels))
        return fail(group, '`labels` must be a mapping', 'labels: {name: value}');
      for (const [k, v] of Object.entries(g.labels)) labels[k] = String(v);
    }
    for (const a of g.targets) {
      const t = typeof a === 'string' ? toTarget(a, labels, portLabel) : undefined;
      if (!t) fail(group, `"${String(a)}" is not host:port`, 'targets like 10.0.0.7:6060 (or a pprof_port label)');
      else out.push(t);
    }
  }
  return out;
}

interface ApiTarget {
  labels?: Record<string, string>;
  discoveredLabels?: Record<string, string>;
  scrapeUrl?: string;
}

/** A `/api/v1/targets` answer → the targets the convention selects. */
export function parsePrometheusTargets(
  body: string,
  source: string,
  sd: PrometheusSd,
  portLabel: string,
): DiscoveredTarget[] {
  let j: { status?: string; data?: { activeTargets?: ApiTarget[] } };
  try {
    j = JSON.parse(body) as typeof j;
  } catch {
    throw new GuardError('bad-syntax', source, 'answer is not JSON', {}, 'the JSON of /api/v1/targets');
  }
  const active = j.data?.activeTargets;
  if (j.status !== 'success' || !Array.isArray(active))
    throw new GuardError('bad-syntax', source, `status "${String(j.status)}" without data.activeTargets`);
  const match = Object.entries(sd.match);
  const out: DiscoveredTarget[] = [];
  for (const t of active) {
    const labels = t.labels ?? {};
    const hasPort = labels[portLabel] !== undefined;
    const matches = match.length > 0 && match.every(([k, v]) => labels[k] === v);
    if (!hasPort && !matches) continue;
    let host: string;
    try {
      host = new URL(t.scrapeUrl ?? '').host;
    } catch {
      continue;
    }
    const scheme: Record<string, string> = t.scrapeUrl?.startsWith('https:') ? { __scheme__: 'https' } : {};
    const found = toTarget(host, { ...labels, ...scheme }, portLabel);
    if (found) out.push(found);
  }
  return out;
}

export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new GuardError('io', file, err.code === 'ENOENT' ? 'no such file' : `cannot read: ${err.message}`);
  }
}

/** Reads one file_sd file. */
export async function readFileSd(file: string, portLabel: string): Promise<DiscoveredTarget[]> {
  return parseFileSd(await readText(file), file, portLabel);
}

/** Asks one Prometheus server for its active targets. */
export async function readPrometheus(sd: PrometheusSd, portLabel: string): Promise<DiscoveredTarget[]> {
  const url = `${sd.url.replace(/\/$/, '')}/api/v1/targets?state=active`;
  const res = await getCapped(url, { timeoutMs: 10_000, maxBytes: 256 * 2 ** 20 });
  return parsePrometheusTargets(res.body.toString('utf8'), url, sd, portLabel);
}

/** The `discovery:` block of watch.yaml. */
export function readDiscoveryConfig(v: Reader, raw: unknown): DiscoveryConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const p = ['discovery'];
  const d = v.object(raw, p, ['fileSd', 'prometheus', 'portLabel', 'refreshInterval']);
  const list = (x: unknown, key: string) =>
    (x === undefined ? [] : Array.isArray(x) ? x : [x]).map((e, i) => [e, [...p, key, i]] as const);
  return {
    fileSd: list(d.fileSd, 'fileSd').map(([f, at]) => v.string(f, [...at]) ?? ''),
    prometheus: list(d.prometheus, 'prometheus').map(([e, at]) => {
      const o = typeof e === 'string' ? { url: e } : v.object(e, [...at], ['url', 'match']);
      return {
        url: v.url(o.url, typeof e === 'string' ? [...at] : [...at, 'url'], true)!,
        match: v.strings(o.match, [...at, 'match']) ?? {},
      };
    }),
    portLabel: v.string(d.portLabel, [...p, 'portLabel']) ?? DISCOVERY_DEFAULTS.portLabel,
    refreshInterval: v.duration(d.refreshInterval, [...p, 'refreshInterval']) ?? DISCOVERY_DEFAULTS.refreshInterval,
  };
}
