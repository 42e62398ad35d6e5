// The one way config files are validated (goroutine-guard.yaml's scan/ignore/test sections and watch.yaml): the
// text is parsed once into a YAML document that keeps positions, and typed accessors check each value by its key
// path. A bad value is a GuardError naming the file, the line of the offending key, the path and what was expected:
//   goroutine-guard.yaml:4: test.setle: unknown key "setle"; expected one of settle, ancestors, …

import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { GuardError } from './errors.js';
import { DURATION_EXAMPLES, parseDuration, parseSize, SIZE_EXAMPLES } from './units.js';

/**
 * The YAML parser, loaded on first use: every command imports core, few read a config file, and loading `yaml`
 * costs more start-up time than the rest of core (CommonJS, so it loads synchronously and parsing stays sync).
 */
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

export type KeyPath = (string | number)[];

/** Reports a bad value at `path`; never returns. */
export type Fail = (path: KeyPath, detail: string, expected?: string) => never;

/** A parsed config text: the plain value and a `fail` that names the file and the line of a key path. */
export interface ConfigText {
  raw: unknown;
  fail: Fail;
}

/**
 * Parses YAML (or, for `.json` files, JSON) keeping positions. Syntax errors are GuardErrors with the line. An
 * empty text gives `raw: null`.
 */
export function parseConfigText(text: string, file: string): ConfigText {
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      const offset = m ? Number(m[1]) : undefined;
      const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
      throw new GuardError('config', file, `invalid JSON: ${(e as Error).message}`, { line, offset });
    }
  }
  const lc = new (yaml().LineCounter)();
  // JSON is YAML 1.2: the same document gives positions for both.
  const doc = yaml().parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = lc.linePos(err.pos[0]).line;
    throw new GuardError('config', file, `invalid YAML: ${err.message.split('\n')[0]}`, { line });
  }
  return { raw: doc.toJS() ?? null, fail: configFail(file, doc, lc) };
}

/** A `fail` for `source`; with a parsed document it adds the line of the key (or of its parent mapping). */
export function configFail(source: string, doc?: Yaml.Document, lc?: Yaml.LineCounter): Fail {
  return (path, detail, expected) => {
    let line: number | undefined;
    if (doc && lc) {
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const parent = path.length ? (doc.getIn(path.slice(0, -1), true) as unknown) : doc.contents;
      const at = keyOffset(parent, path[path.length - 1]) ?? node?.range?.[0] ?? rangeStart(parent);
      if (at !== undefined) line = lc.linePos(at).line;
    }
    const where = path.length ? `${formatKeyPath(path)}: ` : '';
    throw new GuardError('config', source, `${where}${detail}`, line !== undefined ? { line } : {}, expected);
  };
}

/** Where the key itself starts in its mapping (a key with a null value has no value node to point at). */
function keyOffset(parent: unknown, key: string | number | undefined): number | undefined {
  if (!yaml().isMap(parent) || key === undefined) return undefined;
  for (const item of parent.items) {
    const k = item.key as { value?: unknown; range?: [number, number, number] } | null;
    if (k && k.value === key && k.range) return k.range[0];
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}

export function formatKeyPath(path: KeyPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** Typed accessors that report the offending key path through `fail`. Missing values (undefined/null) pass. */
export class ConfigReader {
  constructor(readonly fail: Fail) {}

  object<K extends string>(x: unknown, path: KeyPath, keys: readonly K[]): Partial<Record<K, unknown>> {
    if (x === undefined || x === null) return {};
    if (typeof x !== 'object' || Array.isArray(x)) return this.fail(path, 'must be a mapping');
    for (const k of Object.keys(x)) {
      if (!(keys as readonly string[]).includes(k)) {
        this.fail([...path, k], `unknown key "${k}"`, `one of ${keys.join(', ')}`);
      }
    }
    return x as Partial<Record<K, unknown>>;
  }

  array(x: unknown, path: KeyPath): unknown[] {
    if (!Array.isArray(x)) return this.fail(path, 'must be a list');
    return x;
  }

  /** A list of strings (possibly empty). */
  stringList(x: unknown, path: KeyPath): string[] | undefined {
    if (x === undefined || x === null) return undefined;
    if (!Array.isArray(x) || !x.every((s) => typeof s === 'string'))
      return this.fail(path, 'must be a list of strings');
    return x as string[];
  }

  /** A string; empty strings are refused unless `allowEmpty`. */
  string(x: unknown, path: KeyPath, allowEmpty = false): string | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'string' || (x === '' && !allowEmpty)) return this.fail(path, 'must be a non-empty string');
    return x;
  }

  path(x: unknown, path: KeyPath): string | undefined {
    const s = this.string(x, path);
    if (s !== undefined && !s.startsWith('/')) this.fail(path, `"${s}" must start with /`);
    return s;
  }

  strings(x: unknown, path: KeyPath): Record<string, string> | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'object' || Array.isArray(x)) return this.fail(path, 'must be a mapping of strings');
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(x)) {
      if (typeof val !== 'string' && typeof val !== 'number') this.fail([...path, k], 'must be a string');
      out[k] = String(val);
    }
    return out;
  }

  url(x: unknown, path: KeyPath, required: boolean): string | undefined {
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

  number(x: unknown, path: KeyPath, min: number, max = Infinity): number | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max) {
      return this.fail(path, `must be a number between ${min} and ${max}`);
    }
    return x;
  }

  int(x: unknown, path: KeyPath, min: number): number | undefined {
    const n = this.number(x, path, min);
    if (n !== undefined && !Number.isInteger(n)) this.fail(path, 'must be an integer');
    return n;
  }

  bool(x: unknown, path: KeyPath): boolean | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x !== 'boolean') return this.fail(path, 'must be true or false');
    return x;
  }

  oneOf<T extends string | number>(x: unknown, path: KeyPath, values: readonly T[]): T | undefined {
    if (x === undefined || x === null) return undefined;
    if (!(values as readonly unknown[]).includes(x)) {
      return this.fail(path, `must be ${values.length === 2 ? values.join(' or ') : `one of ${values.join(', ')}`}`);
    }
    return x as T;
  }

  /** A duration in ms: `1m30s`, or a number of milliseconds. `requireUnit` refuses a bare `500` in a string. */
  duration(x: unknown, path: KeyPath, requireUnit = true): number | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x === 'number' && Number.isFinite(x) && x >= 0) return x;
    const ms = typeof x === 'string' ? parseDuration(x, { requireUnit }) : undefined;
    if (ms === undefined) return this.fail(path, `"${String(x)}" is not a duration`, DURATION_EXAMPLES);
    return ms;
  }

  bytes(x: unknown, path: KeyPath): number | undefined {
    if (x === undefined || x === null) return undefined;
    if (typeof x === 'number' && x > 0) return x;
    const n = typeof x === 'string' ? parseSize(x) : undefined;
    if (n === undefined) return this.fail(path, `"${String(x)}" is not a size`, SIZE_EXAMPLES);
    return n;
  }

  /** Valid regular expressions. */
  regexes(x: unknown, path: KeyPath): string[] | undefined {
    const list = this.stringList(x, path);
    list?.forEach((re, i) => {
      try {
        new RegExp(re);
      } catch (e) {
        this.fail([...path, i], `bad regular expression: ${(e as Error).message}`);
      }
    });
    return list;
  }
}
