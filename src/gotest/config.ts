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

import { configReader, type GuardConfig } from '../core/index.js';
import type { GoTestOptions, LeakProfileMode } from './options.js';

const LIST_KEYS = ['ignoreTop', 'ignoreAny', 'ignoreCreatedBy', 'ignoreRegex'] as const;
const KEYS = ['settle', 'ancestors', 'leakProfile', 'defaultIgnores', 'stacks', ...LIST_KEYS] as const;

/** Options from the config file (before command-line flags are applied over them). */
export function testOptionsFromConfig(config: Pick<GuardConfig, 'file' | 'ignore' | 'test'>): Partial<GoTestOptions> {
  const v = configReader(config);
  const out: Partial<GoTestOptions> = {
    ignoreAny: [...(config.ignore.functions ?? [])],
    ignoreRegex: [...(config.ignore.regex ?? [])],
  };
  // A package's functions and its sub-packages' functions, as `any` prefix patterns.
  for (const p of config.ignore.packages ?? []) out.ignoreAny!.push(`${p}.*`, `${p}/*`);
  const t = v.object(config.test, ['test'], KEYS);
  for (const k of LIST_KEYS) {
    const list = k === 'ignoreRegex' ? v.regexes(t[k], ['test', k]) : v.stringList(t[k], ['test', k]);
    if (list) out[k] = [...(out[k] ?? []), ...list];
  }
  const settle = v.duration(t.settle, ['test', 'settle'], false);
  if (settle !== undefined) out.settleMs = settle;
  const ancestors = v.int(t.ancestors, ['test', 'ancestors'], 0);
  if (ancestors !== undefined) out.ancestors = ancestors;
  const mode = v.oneOf<LeakProfileMode>(t.leakProfile, ['test', 'leakProfile'], ['auto', 'on', 'off']);
  if (mode !== undefined) out.leakProfile = mode;
  for (const k of ['defaultIgnores', 'stacks'] as const) {
    const b = v.bool(t[k], ['test', k]);
    if (b !== undefined) out[k] = b;
  }
  return out;
}
