// Typed accessors for the raw YAML of watch.yaml: each reports the offending key path through `fail`, so a bad
// value is named by its path (and line) instead of surfacing as a type error later.

import type { RuleSettings } from './types.js';

export type Fail = (path: (string | number)[], detail: string, expected?: string) => never;

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
};
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Typed accessors that report the offending key path through `fail`. */
export class Reader {
  constructor(private readonly fail: Fail) {}

  object<K extends string>(x: unknown, path: (string | number)[], keys: readonly K[]): Partial<Record<K, unknown>> {
    if (x === undefined || x === null) return {};
    if (typeof x !== 'object' || Array.isArray(x)) return this.fail(path, 'must be a mapping');
    for (const k of Object.keys(x)) {
      if (!(keys as readonly string[]).includes(k)) {
        this.fail([...path, k], `unknown key "${k}"`, `one of ${keys.join(', ')}`);
      }
    }
    return x as Partial<Record<K, unknown>>;
  }

  array(x: unknown, path: (string | number)[]): unknown[] {
    if (!Array.isArray(x)) return this.fail(path, 'must be a list');
    return x;
  }

  string(x: unknown, path: (string | number)[]): string | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'string' || x === '') return this.fail(path, 'must be a non-empty string');
    return x;
  }

  path(x: unknown, path: (string | number)[]): string | undefined {
    const s = this.string(x, path);
    if (s !== undefined && !s.startsWith('/')) this.fail(path, `"${s}" must start with /`);
    return s;
  }

  strings(x: unknown, path: (string | number)[]): Record<string, string> | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'object' || Array.isArray(x)) return this.fail(path, 'must be a mapping of strings');
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(x)) {
      if (typeof val !== 'string' && typeof val !== 'number') this.fail([...path, k], 'must be a string');
      out[k] = String(val);
    }
    return out;
  }

  url(x: unknown, path: (string | number)[], required: boolean): string | undefined {
    if ((x === undefined || x === null) && !required) return undefined;
    const s = this.string(x, path) ?? this.fail(path, 'is required', 'an http(s) URL');
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      return this.fail(path, `"${s}" is not a URL`, 'an http(s) URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') this.fail(path, `"${s}" is not http(s)`);
    return s;
  }

  number(x: unknown, path: (string | number)[], min: number, max = Infinity): number | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max) {
      return this.fail(path, `must be a number between ${min} and ${max}`);
    }
    return x;
  }

  int(x: unknown, path: (string | number)[], min: number): number | undefined {
    const n = this.number(x, path, min);
    if (n !== undefined && !Number.isInteger(n)) this.fail(path, 'must be an integer');
    return n;
  }

  debugLevel(x: unknown, path: (string | number)[]): 0 | 2 | undefined {
    if (x === undefined || x === null) return undefined;
    if (x !== 0 && x !== 2) return this.fail(path, 'must be 0 or 2');
    return x;
  }

  bool(x: unknown, path: (string | number)[]): boolean | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'boolean') return this.fail(path, 'must be true or false');
    return x;
  }

  oneOf<T extends string>(x: unknown, path: (string | number)[], values: readonly T[]): T | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'string' || !(values as readonly string[]).includes(x)) {
      return this.fail(path, `must be one of ${values.join(', ')}`);
    }
    return x as T;
  }

  duration(x: unknown, path: (string | number)[]): number | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x === 'number' && x >= 0) return x;
    const m = typeof x === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(x.trim()) : null;
    if (!m) return this.fail(path, `"${String(x)}" is not a duration`, 'e.g. 500ms, 30s, 5m, 1h, 7d');
    return Math.round(Number(m[1]) * DURATION_UNITS[m[2]!]!);
  }

  bytes(x: unknown, path: (string | number)[]): number | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x === 'number' && x > 0) return x;
    const m = typeof x === 'string' ? /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?$/i.exec(x.trim()) : null;
    if (!m) return this.fail(path, `"${String(x)}" is not a size`, 'e.g. 64MiB, 500kB, 1048576');
    return Math.round(Number(m[1]) * BYTE_UNITS[(m[2] ?? '').toLowerCase()]!);
  }

  rules(x: unknown, path: (string | number)[], base: RuleSettings): RuleSettings {
    const keys = Object.keys(base) as (keyof RuleSettings)[];
    const r = this.object(x, path, keys);
    const out: RuleSettings = { ...base };
    for (const k of keys) {
      const val = r[k];
      if (val === undefined) continue;
      const p = [...path, k];
      if (k === 'provenLeak') out.provenLeak = this.bool(val, p)!;
      else if (k === 'parkedRatio' || k === 'bucketAlpha') out[k] = this.number(val, p, 0, 1)!;
      else if (k === 'growthPerSecond') out[k] = this.number(val, p, 0)!;
      else out[k] = this.int(val, p, 0)!;
    }
    if (out.growthPeriods < 1) this.fail([...path, 'growthPeriods'], 'must be at least 1');
    if (out.resolveAfter < 1) this.fail([...path, 'resolveAfter'], 'must be at least 1');
    if (out.bucketSamples > 0 && out.bucketSamples < 3) this.fail([...path, 'bucketSamples'], 'must be 0 or ≥ 3');
    return out;
  }
}
