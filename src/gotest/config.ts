// The config file's parts for `goroutine-guard test`: the shared `ignore` section (functions, regex, packages — the
// same entries scan and analyze honour) and the `test` section, which src/core/config.ts passes through for this
// module to validate. Unknown keys are errors naming the file and key.
//
//   test:
//     settle: 500ms          # or a number of milliseconds
//     ancestors: 32
//     leakProfile: auto      # auto | on | off
//     defaultIgnores: true
//     stacks: true
//     ignoreTop: [pkg.F]
//     ignoreAny: [pkg.G]
//     ignoreCreatedBy: [pkg.H]
//     ignoreRegex: ['^github\.com/golang/glog\.']

import { type GuardConfig, GuardError } from '../core/index.js';
import { parseDurationMs, type GoTestOptions, type LeakProfileMode } from './options.js';

const LIST_KEYS = ['ignoreTop', 'ignoreAny', 'ignoreCreatedBy', 'ignoreRegex'] as const;
const KEYS = ['settle', 'ancestors', 'leakProfile', 'defaultIgnores', 'stacks', ...LIST_KEYS] as const;

/** Options from the config file (before command-line flags are applied over them). */
export function testOptionsFromConfig(config: Pick<GuardConfig, 'file' | 'ignore' | 'test'>): Partial<GoTestOptions> {
  const file = config.file ?? 'config';
  const fail = (detail: string, expected?: string): never => {
    throw new GuardError('config', file, detail, {}, expected);
  };
  const out: Partial<GoTestOptions> = {
    ignoreAny: [...(config.ignore.functions ?? [])],
    ignoreRegex: [...(config.ignore.regex ?? [])],
  };
  // A package's functions and its sub-packages' functions, as `any` prefix patterns.
  for (const p of config.ignore.packages ?? []) out.ignoreAny!.push(`${p}.*`, `${p}/*`);
  const t = config.test;
  if (t === undefined || t === null) return out;
  if (typeof t !== 'object' || Array.isArray(t)) return fail('"test" must be a mapping');
  for (const [k, v] of Object.entries(t as Record<string, unknown>)) {
    if (!(KEYS as readonly string[]).includes(k)) fail(`unknown key "test.${k}"`, `one of ${KEYS.join(', ')}`);
    if ((LIST_KEYS as readonly string[]).includes(k)) {
      if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) fail(`"test.${k}" must be a list of strings`);
      const key = k as (typeof LIST_KEYS)[number];
      out[key] = [...(out[key] ?? []), ...(v as string[])];
    }
  }
  const r = t as Record<string, unknown>;
  if (r.settle !== undefined) {
    const ms =
      typeof r.settle === 'number' ? r.settle : typeof r.settle === 'string' ? parseDurationMs(r.settle) : undefined;
    if (ms === undefined) fail('"test.settle" must be a duration', 'e.g. 1s, 250ms or a number of milliseconds');
    out.settleMs = ms!;
  }
  if (r.ancestors !== undefined) {
    if (typeof r.ancestors !== 'number') fail('"test.ancestors" must be a number');
    out.ancestors = r.ancestors as number;
  }
  if (r.leakProfile !== undefined) {
    if (!['auto', 'on', 'off'].includes(r.leakProfile as string)) fail('"test.leakProfile" must be auto, on or off');
    out.leakProfile = r.leakProfile as LeakProfileMode;
  }
  for (const k of ['defaultIgnores', 'stacks'] as const) {
    if (r[k] === undefined) continue;
    if (typeof r[k] !== 'boolean') fail(`"test.${k}" must be true or false`);
    out[k] = r[k] as boolean;
  }
  return out;
}
