// Fleet mode: the targets of this watch are the configured ones plus those discovered (file_sd, Prometheus),
// cut to this shard's share, and kept current: every `refreshInterval` the sources are read again (files only
// when their mtime or size changed) and the watcher is told the new set. A source that fails keeps its last good
// answer (as Prometheus does), so a bad edit or a Prometheus restart never empties a shard.

import { compareText } from '../core/index.js';
import type { TargetConfig, WatchConfig } from './config-model.js';
import { parseFileSd, readPrometheus, readText, type DiscoveredTarget } from './discovery.js';
import { ownShare } from './shard.js';
import { Watcher, type WatcherDeps } from './watcher.js';

export function discoveredConfig(d: DiscoveredTarget, cfg: WatchConfig): TargetConfig {
  const t = cfg.targetDefaults;
  return {
    ...t,
    name: d.name,
    url: d.url,
    profilePath: '/debug/pprof/goroutine',
    leakProfilePath: '/debug/pprof/goroutineleak',
    labels: d.labels,
    headers: { ...t.headers },
    sourceMap: { ...t.sourceMap },
    rules: { ...t.rules },
  };
}

export class Discovery {
  private readonly last = new Map<string, DiscoveredTarget[]>();
  /** Last text parsed per file: an unchanged file is not parsed again. */
  private readonly texts = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly cfg: WatchConfig,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /**
   * Reads the sources and returns this shard's targets. `strict` (the first read) throws on a file that cannot
   * be read or parsed, so a typo stops the start with the file and line; later reads log and keep the last good.
   */
  async owned(strict = false): Promise<TargetConfig[]> {
    const d = this.cfg.discovery;
    if (d) {
      for (const f of d.fileSd) {
        try {
          const text = await readText(f);
          if (this.texts.get(f) === text) continue;
          this.last.set(`file:${f}`, parseFileSd(text, f, d.portLabel));
          this.texts.set(f, text);
        } catch (e) {
          if (strict) throw e;
          this.log(`discovery: ${(e as Error).message} (keeping the last good list)`);
        }
      }
      for (const p of d.prometheus) {
        try {
          this.last.set(`prometheus:${p.url}`, await readPrometheus(p, d.portLabel));
        } catch (e) {
          this.log(`discovery: ${(e as Error).message} (keeping the last good list)`);
        }
      }
    }
    const all = new Map(this.cfg.targets.map((t) => [t.name, t]));
    for (const list of this.last.values())
      for (const t of list) if (!all.has(t.name)) all.set(t.name, discoveredConfig(t, this.cfg));
    const sorted = [...all.values()].sort((a, b) => compareText(a.name, b.name));
    return ownShare(sorted, (t) => t.name, this.cfg.shard);
  }

  /** Keeps `w`'s targets current until `stop`. */
  start(w: Watcher): void {
    const every = this.cfg.discovery?.refreshInterval ?? 0;
    if (!every) return;
    const tick = () => {
      this.running = (async () => {
        const { added, removed } = await w.setTargets(await this.owned());
        if (added.length || removed.length)
          this.log(
            `discovery: +${added.length} −${removed.length} targets (${added.concat(removed).slice(0, 5).join(', ')}${added.length + removed.length > 5 ? ', …' : ''})`,
          );
      })()
        .catch((e: Error) => this.log(`discovery: ${e.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, every).unref();
        });
    };
    this.timer = setTimeout(tick, every).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

/**
 * Opens the watcher on this shard's share of the configured and discovered targets; with discovery, the
 * returned `Discovery` keeps them current once started.
 */
export async function openFleetWatcher(
  cfg: WatchConfig,
  deps: WatcherDeps = {},
): Promise<{ watcher: Watcher; discovery: Discovery | undefined }> {
  if (!cfg.discovery && !cfg.shard) return { watcher: await Watcher.open(cfg, deps), discovery: undefined };
  const discovery = new Discovery(cfg, deps.log);
  const targets = await discovery.owned(true);
  return { watcher: await Watcher.open({ ...cfg, targets }, deps), discovery };
}
