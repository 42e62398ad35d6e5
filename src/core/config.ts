// Loads `goroutine-guard.yaml` / `.yml` / `.json`: the `scan` section (rules, disable, ignore paths, failOn…)
// and the `ignore` section shared with the dynamic side (functions, regex, packages). The `test` and `watch`
// sections belong to those commands and are passed through unvalidated here. Unknown keys anywhere else are an
// error naming the file, the line and the key: a typo must not silently turn a rule back on.

import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Yaml from 'yaml';
import { GuardError } from './errors.js';
import type { Severity } from '../model/index.js';

export const CONFIG_FILES = ['goroutine-guard.yaml', 'goroutine-guard.yml', 'goroutine-guard.json'] as const;

export interface ScanConfig {
  rules?: string[];
  disable?: string[];
  /** Path globs (relative to the config file's directory) to leave out of the scan. */
  ignore?: string[];
  failOn?: Severity | 'none';
  includeTests?: boolean;
  includeGenerated?: boolean;
  /** Baseline file, relative to the config file's directory. */
  baseline?: string;
}

/** What to leave out of reports, shared by static findings and dynamic suspects. */
export interface IgnoreConfig {
  /** Exact function names as Go prints them (`pkg.(*T).M`). */
  functions?: string[];
  /** Regular expressions matched against function names. */
  regex?: string[];
  /** Import paths; a function of that package or a sub-package is ignored. */
  packages?: string[];
}

export interface GuardConfig {
  /** The file it came from; null when no config file exists. */
  file: string | null;
  scan: ScanConfig;
  ignore: IgnoreConfig;
  /** Owned by `goroutine-guard test`. */
  test?: unknown;
  /** Owned by `goroutine-guard watch`. */
  watch?: unknown;
}

export interface ConfigFs {
  readFile(p: string): Promise<string | null>;
}

const SECTIONS = ['scan', 'ignore', 'test', 'watch'] as const;
const SCAN_KEYS: Record<keyof ScanConfig, 'strings' | 'severity' | 'boolean' | 'string'> = {
  rules: 'strings',
  disable: 'strings',
  ignore: 'strings',
  failOn: 'severity',
  includeTests: 'boolean',
  includeGenerated: 'boolean',
  baseline: 'string',
};
const IGNORE_KEYS: Record<keyof IgnoreConfig, 'strings'> = {
  functions: 'strings',
  regex: 'strings',
  packages: 'strings',
};

/** Finds and loads the config: `explicit` if given (must exist), else the first config file in `dir`. */
export async function loadConfig(dir: string, fs: ConfigFs, explicit?: string): Promise<GuardConfig> {
  if (explicit) {
    const file = path.resolve(dir, explicit);
    const text = await fs.readFile(file);
    if (text === null) throw new GuardError('config', explicit, 'config file not found');
    return parseConfig(text, file);
  }
  for (const name of CONFIG_FILES) {
    const file = path.join(dir, name);
    const text = await fs.readFile(file);
    if (text !== null) return parseConfig(text, file);
  }
  return { file: null, scan: {}, ignore: {} };
}

export function parseConfig(text: string, file: string): GuardConfig {
  const raw = file.endsWith('.json') ? parseJson(text, file) : parseYaml(text, file);
  const fail = (detail: string, key: string, expected?: string): never => {
    throw new GuardError('config', file, detail, { line: lineOfKey(text, key) }, expected);
  };
  if (raw === null || raw === undefined) return { file, scan: {}, ignore: {} };
  if (!isObject(raw)) return fail('the top level must be a mapping', '', 'sections scan, ignore, test, watch');
  for (const k of Object.keys(raw)) {
    if (!(SECTIONS as readonly string[]).includes(k)) fail(`unknown key "${k}"`, k, `one of ${SECTIONS.join(', ')}`);
  }
  const config: GuardConfig = {
    file,
    scan: section(raw.scan, 'scan', SCAN_KEYS, fail) as ScanConfig,
    ignore: section(raw.ignore, 'ignore', IGNORE_KEYS, fail) as IgnoreConfig,
  };
  if ('test' in raw) config.test = raw.test;
  if ('watch' in raw) config.watch = raw.watch;
  for (const re of config.ignore.regex ?? []) {
    try {
      new RegExp(re);
    } catch (e) {
      fail(`bad regular expression in ignore.regex: ${(e as Error).message}`, 'regex');
    }
  }
  return config;
}

type Fail = (detail: string, key: string, expected?: string) => never;

function section(value: unknown, name: string, keys: Record<string, string>, fail: Fail): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) return fail(`"${name}" must be a mapping`, name);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kind = keys[k];
    if (!kind) return fail(`unknown key "${name}.${k}"`, k, `one of ${Object.keys(keys).join(', ')}`);
    if (kind === 'strings' && !(Array.isArray(v) && v.every((s) => typeof s === 'string'))) {
      return fail(`"${name}.${k}" must be a list of strings`, k);
    }
    if (kind === 'boolean' && typeof v !== 'boolean') return fail(`"${name}.${k}" must be true or false`, k);
    if (kind === 'string' && typeof v !== 'string') return fail(`"${name}.${k}" must be a string`, k);
    if (kind === 'severity' && !['error', 'warning', 'note', 'none'].includes(v as string)) {
      return fail(`"${name}.${k}" must be a severity`, k, 'error, warning, note or none');
    }
    out[k] = v;
  }
  return out;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const offset = m ? Number(m[1]) : undefined;
    const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
    throw new GuardError('config', file, `invalid JSON: ${(e as Error).message}`, { line, offset });
  }
}

/**
 * The YAML parser, loaded on first use: every command imports core, few read a YAML file, and loading `yaml`
 * costs more start-up time than the rest of core (CommonJS, so it loads synchronously and parseConfig stays sync).
 */
let yaml: typeof Yaml | undefined;

function parseYaml(text: string, file: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  const doc = yaml.parseDocument(text, { uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new GuardError('config', file, `invalid YAML: ${err.message.split('\n')[0]}`, { line });
  }
  return doc.toJS();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 1-based line where `key` first appears as a key, for error messages. */
function lineOfKey(text: string, key: string): number | undefined {
  if (!key) return undefined;
  const re = new RegExp(`(^|[\\s{,])"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*:`, 'm');
  const m = re.exec(text);
  return m ? text.slice(0, m.index + m[1]!.length).split('\n').length : undefined;
}
