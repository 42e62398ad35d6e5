// Known-benign goroutines (docs/analyze.md) and user ignore rules. Each default is a named predicate with the reason
// it is benign; users extend the set by function, regex, package or creator (CLI `--ignore`, config `ignore:`).

import { GuardError } from '../core/index.js';
import type { Bucket } from './bucket.js';

export interface IgnoreRule {
  /** Any frame's function equals this (`pkg.F`, `pkg.(*T).M`). */
  func?: string;
  /** The innermost visible frame's function equals this (goleak's IgnoreTopFunction). */
  top?: string;
  /** Matches any frame's function or `file:line`. */
  regex?: RegExp;
  /** The first user-code frame's package equals this or is below it (`github.com/x/y/...`). */
  package?: string;
  /** The `created by` function equals this. */
  creator?: string;
  /** Shown in reports: why this stack is ignored. */
  reason?: string;
}

type Predicate = (b: Bucket) => boolean;

const anyFunc = (b: Bucket, names: readonly string[]) => b.frames.some((f) => names.includes(f.func));
const anyPrefix = (b: Bucket, prefixes: readonly string[]) =>
  b.frames.some((f) => prefixes.some((p) => f.func.startsWith(p)));

/** Runtime-internal goroutines (GC workers, scavenger, finalizers): they exist in every Go program. */
const isRuntimeWorker: Predicate = (b) => b.waitClass === 'runtime';

/** os/signal's dispatcher loop: one per process once signal.Notify was called, lives forever by design. */
const isSignalLoop: Predicate = (b) => anyFunc(b, ['os/signal.signal_recv', 'os/signal.loop']);

/** An HTTP server's accept loop: one per listener, blocked in Accept between connections. */
const isServerAccept: Predicate = (b) =>
  anyFunc(b, ['net/http.(*Server).Serve', 'net/http.(*Server).ListenAndServe', 'net/http.ListenAndServe']);

/** database/sql's background opener/cleaner: one per *sql.DB, exits on db.Close. */
const isSQLBackground: Predicate = (b) =>
  anyPrefix(b, [
    'database/sql.(*DB).connectionOpener',
    'database/sql.(*DB).connectionCleaner',
    'database/sql.(*DB).connectionResetter',
  ]);

/** The test framework itself: tRunner goroutines waiting for subtests, the main test loop. */
const isTestFramework: Predicate = (b) =>
  b.frames.length > 0 &&
  b.frames.every((f) => f.package === 'testing' || f.package === 'runtime' || f.package === 'main') &&
  anyPrefix(b, ['testing.']);

/** The goroutine that was writing this very dump (runtime/pprof or runtime.Stack at the top). */
const isDumpWriter: Predicate = (b) =>
  b.waitClass === 'running' &&
  anyPrefix(b, ['runtime/pprof.writeGoroutine', 'runtime/pprof.(*Profile).WriteTo', 'runtime.Stack']);

/** Why the main goroutine is ignored (analyze keeps it in a deadlock report, where its wait is half the deadlock). */
export const MAIN_GOROUTINE = 'main goroutine';

/** The main goroutine of the process, idling in `select {}`/`wg.Wait()` in main.main: not a leak, it is the program. */
const isMainBlocking: Predicate = (b) => b.ids.length === 1 && b.ids[0] === 1 && b.count === 1 && !b.createdBy;

/**
 * A handful of HTTP keep-alive connection goroutines (client persistConn read/write loops, server conns waiting
 * for the next request) are normal; thousands are not (GG009/GG010), so only small buckets are benign.
 */
const isFewKeepAlives: Predicate = (b) =>
  b.count <= 4 &&
  anyFunc(b, ['net/http.(*persistConn).readLoop', 'net/http.(*persistConn).writeLoop', 'net/http.(*conn).serve']);

/** Packages the default rules look for, as bits: `packagesOf` finds them in one pass over a bucket's frames. */
const SIGNAL = 1;
const HTTP = 2;
const SQL = 4;
const TESTING = 8;
const RUNTIME = 16;

/** Each default with the packages one of whose frames it needs (0: none); a bucket without them is skipped. */
export const DEFAULT_IGNORES: readonly { name: string; test: Predicate; needs: number }[] = [
  { name: 'runtime worker', test: isRuntimeWorker, needs: 0 },
  { name: 'os/signal loop', test: isSignalLoop, needs: SIGNAL },
  { name: 'http server accept loop', test: isServerAccept, needs: HTTP },
  { name: 'database/sql background', test: isSQLBackground, needs: SQL },
  { name: 'testing framework', test: isTestFramework, needs: TESTING },
  { name: 'dump writer', test: isDumpWriter, needs: RUNTIME },
  { name: MAIN_GOROUTINE, test: isMainBlocking, needs: 0 },
  { name: 'few keep-alive connections', test: isFewKeepAlives, needs: HTTP },
];

const PACKAGE_PREFIXES: readonly (readonly [prefix: string, bit: number])[] = [
  ['os/signal.', SIGNAL],
  ['net/http.', HTTP],
  ['database/sql.', SQL],
  ['testing.', TESTING],
  ['runtime', RUNTIME],
];

function packagesOf(b: Bucket): number {
  let m = 0;
  for (const f of b.frames) {
    const c = f.func.charCodeAt(0);
    for (const [prefix, bit] of PACKAGE_PREFIXES) if (prefix.charCodeAt(0) === c && f.func.startsWith(prefix)) m |= bit;
  }
  return m;
}

/** Returns why a bucket is ignored (the rule's name or reason), or undefined. */
export function ignoredBy(b: Bucket, rules: readonly IgnoreRule[], useDefaults = true): string | undefined {
  if (useDefaults) {
    const pkgs = packagesOf(b);
    for (const d of DEFAULT_IGNORES) if ((d.needs === 0 || (pkgs & d.needs) !== 0) && d.test(b)) return d.name;
  }
  for (const r of rules) if (matchesRule(b, r)) return r.reason ?? describeRule(r);
  return undefined;
}

export function matchesRule(b: Bucket, r: IgnoreRule): boolean {
  if (r.func !== undefined && !b.frames.some((f) => f.func === r.func)) return false;
  if (r.top !== undefined && b.frames.find((f) => !f.func.startsWith('runtime.'))?.func !== r.top) return false;
  if (r.regex !== undefined) {
    const re = r.regex;
    if (!b.frames.some((f) => re.test(f.func) || re.test(`${f.file}:${f.line}`))) return false;
  }
  if (r.package !== undefined) {
    const pkg = r.package.replace(/\/\.\.\.$/, '');
    const site = b.site?.func ?? '';
    if (!(site.startsWith(pkg + '.') || site.startsWith(pkg + '/'))) return false;
  }
  if (r.creator !== undefined && b.createdBy?.func !== r.creator) return false;
  return (
    r.func !== undefined ||
    r.top !== undefined ||
    r.regex !== undefined ||
    r.package !== undefined ||
    r.creator !== undefined
  );
}

function describeRule(r: IgnoreRule): string {
  if (r.func) return `ignore func ${r.func}`;
  if (r.top) return `ignore top ${r.top}`;
  if (r.regex) return `ignore regex ${r.regex.source}`;
  if (r.package) return `ignore package ${r.package}`;
  return `ignore creator ${r.creator}`;
}

/**
 * Parses a CLI/config ignore spec: `func:pkg.F`, `top:pkg.F`, `regex:…`, `package:github.com/x/y`,
 * `creator:pkg.F`; a bare value is a function name.
 */
export function parseIgnoreSpec(spec: string, source = '--ignore'): IgnoreRule {
  const colon = spec.indexOf(':');
  const kind = colon === -1 ? 'func' : spec.slice(0, colon);
  const value = colon === -1 ? spec : spec.slice(colon + 1);
  if (value === '') throw new GuardError('usage', source, `empty ignore value in "${spec}"`);
  switch (kind) {
    case 'func':
      return { func: value };
    case 'top':
      return { top: value };
    case 'package':
    case 'pkg':
      return { package: value };
    case 'creator':
      return { creator: value };
    case 'regex':
    case 're':
      try {
        return { regex: new RegExp(value) };
      } catch (e) {
        throw new GuardError('usage', source, `bad regex "${value}": ${(e as Error).message}`);
      }
    default:
      // A function name containing a colon is not a thing in Go, so an unknown prefix is a typo.
      throw new GuardError(
        'usage',
        source,
        `unknown ignore kind "${kind}" in "${spec}"`,
        {},
        'func:, top:, regex:, package: or creator:',
      );
  }
}
