// Reads the `go test` command line the user gave (packages and flags, in any order) without changing it: which
// words are package patterns (for `go list`), which flags select files (`-tags`, `-race`… must reach `go list`
// too), and which flags change what goroutine-guard can do (`-json`, `-c`, `-fuzz`, `-overlay`).

import { GuardError } from '../core/index.js';

/** go test / go build flags that take a value (`-run X` or `-run=X`). Everything else is boolean. */
const VALUE_FLAGS = new Set([
  // build flags (go help build)
  'C',
  'p',
  'asmflags',
  'buildmode',
  'buildvcs',
  'compiler',
  'gccgoflags',
  'gcflags',
  'installsuffix',
  'ldflags',
  'mod',
  'modfile',
  'overlay',
  'pgo',
  'pkgdir',
  'tags',
  'toolexec',
  'covermode',
  'coverpkg',
  'o',
  'exec',
  'vet',
  // test flags (go help testflag)
  'bench',
  'benchtime',
  'blockprofile',
  'blockprofilerate',
  'count',
  'coverprofile',
  'cpu',
  'cpuprofile',
  'fuzz',
  'fuzzcachedir',
  'fuzzminimizetime',
  'fuzztime',
  'list',
  'memprofile',
  'memprofilerate',
  'mutexprofile',
  'mutexprofilefraction',
  'outputdir',
  'parallel',
  'run',
  'shuffle',
  'skip',
  'timeout',
  'trace',
]);

/** Flags that change which files make up a package: `go list` must see them to plan the same overlay. */
const FILE_SELECTION_FLAGS = new Set(['tags', 'mod', 'modfile', 'race', 'msan', 'asan', 'compiler', 'buildvcs']);

export interface GoTestArgs {
  /** Package patterns in order (`./...`); `.` when none was given. */
  packages: string[];
  /** The user's words as given, minus their -overlay (merged into ours), to pass to go test. */
  passThrough: string[];
  /** Flags for `go list` (file selection), normalised to `-name=value` / `-name`. */
  listFlags: string[];
  json: boolean;
  /** `-c` or `-n`: go test builds (or prints) but runs no test binary, so there is nothing to check. */
  noRun: string | undefined;
  fuzz: boolean;
  /** The user gave -count (otherwise goroutine-guard adds -count=1: a cached result carries no goroutine dump). */
  count: boolean;
  /** The user's own -overlay file, merged into ours. */
  overlay: string | undefined;
  /** Words after -args: passed to the test binary, never packages. */
  binaryArgs: string[];
}

/** Splits go test arguments. Throws a usage GuardError for a flag missing its value. */
export function parseGoTestArgs(words: readonly string[]): GoTestArgs {
  const out: GoTestArgs = {
    packages: [],
    passThrough: [],
    listFlags: [],
    json: false,
    noRun: undefined,
    fuzz: false,
    count: false,
    overlay: undefined,
    binaryArgs: [],
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-args' || w === '--args') {
      out.binaryArgs = words.slice(i + 1);
      out.passThrough.push(...words.slice(i));
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      out.packages.push(w);
      out.passThrough.push(w);
      continue;
    }
    const start = i;
    const body = w.replace(/^--?/, '').replace(/^test\./, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    let value: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (VALUE_FLAGS.has(name) && value === undefined) {
      value = words[i + 1];
      if (value === undefined) throw new GuardError('usage', 'go test arguments', `flag -${name} needs a value`);
      i++;
    }
    const on = value === undefined || !/^(false|0)$/i.test(value);
    if (FILE_SELECTION_FLAGS.has(name)) out.listFlags.push(value === undefined ? `-${name}` : `-${name}=${value}`);
    if (name === 'json') out.json = on;
    if (name === 'count') out.count = true;
    if ((name === 'c' || name === 'n') && on) out.noRun = `-${name}`;
    if (name === 'fuzz' && value !== '') out.fuzz = true;
    if (name === 'overlay') out.overlay = value;
    else out.passThrough.push(...words.slice(start, i + 1));
    if (name === 'C')
      throw new GuardError('usage', 'go test arguments', '-C is not supported; run goroutine-guard in that directory');
  }
  if (out.packages.length === 0) out.packages = ['.'];
  return out;
}

/** True when a package argument is a list of .go files rather than a pattern (`go test a_test.go b.go`). */
export function isFileList(packages: readonly string[]): boolean {
  return packages.some((p) => p.endsWith('.go'));
}
