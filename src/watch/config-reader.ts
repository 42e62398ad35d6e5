// watch.yaml's accessors: core's ConfigReader (every config file is validated the same way) plus the watch-only
// kinds (debug level, alert rule settings). Each reports the offending key path, so a bad value is named by its
// path and line instead of surfacing as a type error later.

import { ConfigReader, type Fail, type KeyPath } from '../core/index.js';
import type { RuleSettings } from './types.js';

export type { Fail };

/** The shared config accessors (src/core/config-reader.ts) plus watch.yaml's own value kinds. */
export class Reader extends ConfigReader {
  debugLevel(x: unknown, path: KeyPath): 0 | 2 | undefined {
    return this.oneOf<0 | 2>(x, path, [0, 2]);
  }

  rules(x: unknown, path: KeyPath, base: RuleSettings): RuleSettings {
    const keys = Object.keys(base) as (keyof RuleSettings)[];
    const r = this.object(x, path, keys);
    const out: RuleSettings = { ...base };
    for (const k of keys) {
      const val = r[k];
      if (val === undefined) continue;
      const p = [...path, k];
      if (k === 'provenLeak') out.provenLeak = this.bool(val, p)!;
      else if (k === 'parkedRatio' || k === 'bucketAlpha' || k === 'resolveMargin') out[k] = this.number(val, p, 0, 1)!;
      else if (k === 'for' || k === 'resolveHold' || k === 'stuckAfter') out[k] = this.duration(val, p)!;
      else if (k === 'growthPerSecond') out[k] = this.number(val, p, 0)!;
      else out[k] = this.int(val, p, 0)!;
    }
    if (out.growthPeriods < 1) this.fail([...path, 'growthPeriods'], 'must be at least 1');
    if (out.resolveAfter < 1) this.fail([...path, 'resolveAfter'], 'must be at least 1');
    if (out.bucketSamples > 0 && out.bucketSamples < 3) this.fail([...path, 'bucketSamples'], 'must be 0 or ≥ 3');
    return out;
  }
}
