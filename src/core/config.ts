// Loads `goroutine-guard.yaml` / `.yml` / `.json`: the `scan` section (rules, disable, ignore paths, failOn…)
// and the `ignore` section shared with the dynamic side (functions, regex, packages). The `test` and `watch`
// sections belong to those commands and are passed through here; they validate them with `configReader(config)`,
// the same accessors (src/core/config-reader.ts). Unknown keys anywhere else are an
// error naming the file, the line and the key: a typo must not silently turn a rule back on.

import path from 'node:path';
import { ConfigReader, configFail, parseConfigText } from './config-reader.js';
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
const SCAN_KEYS = ['rules', 'disable', 'ignore', 'failOn', 'includeTests', 'includeGenerated', 'baseline'] as const;
const IGNORE_KEYS = ['functions', 'regex', 'packages'] as const;
const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;

/** The readers of loaded configs, so the `test` and `watch` owners report lines in the same file. */
const readers = new WeakMap<GuardConfig, ConfigReader>();

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
  const { raw, fail } = parseConfigText(text, file);
  const v = new ConfigReader(fail);
  const top = v.object(raw, [], SECTIONS);
  const scan = v.object(top.scan, ['scan'], SCAN_KEYS);
  const ignore = v.object(top.ignore, ['ignore'], IGNORE_KEYS);
  const config: GuardConfig = { file, scan: {}, ignore: {} };
  const set = <T extends object, K extends keyof T>(o: T, k: K, x: T[K] | undefined) => {
    if (x !== undefined) o[k] = x;
  };
  for (const k of ['rules', 'disable', 'ignore'] as const) set(config.scan, k, v.stringList(scan[k], ['scan', k]));
  set(config.scan, 'failOn', v.oneOf(scan.failOn, ['scan', 'failOn'], FAIL_ON));
  set(config.scan, 'includeTests', v.bool(scan.includeTests, ['scan', 'includeTests']));
  set(config.scan, 'includeGenerated', v.bool(scan.includeGenerated, ['scan', 'includeGenerated']));
  set(config.scan, 'baseline', v.string(scan.baseline, ['scan', 'baseline']));
  set(config.ignore, 'functions', v.stringList(ignore.functions, ['ignore', 'functions']));
  set(config.ignore, 'regex', v.regexes(ignore.regex, ['ignore', 'regex']));
  set(config.ignore, 'packages', v.stringList(ignore.packages, ['ignore', 'packages']));
  if ('test' in top) config.test = top.test;
  if ('watch' in top) config.watch = top.watch;
  readers.set(config, v);
  return config;
}

/**
 * The reader for a loaded config's sections owned by other commands (`test`, `watch`): its errors name the
 * config file and the key's line. A config built by hand gets one that names its `file` only.
 */
export function configReader(config: Pick<GuardConfig, 'file'>): ConfigReader {
  return readers.get(config as GuardConfig) ?? new ConfigReader(configFail(config.file ?? 'config'));
}
