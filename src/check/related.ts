// Leaks whose static finding and blocked goroutines are at different lines by nature, tied by what the finding is
// about rather than by a shared line:
//   lock     GG012 reports the path that leaves a mutex locked; the goroutines wait in Lock elsewhere, on the same
//            mutex (same package, same receiver type and field, or the same package-level variable)
//   waiter   GG008 reports the goroutine that skips Done; the one blocked is its starter, in wg.Wait, in the
//            function that holds the finding's `go` statement
//   creator  a finding without a `go` statement (a ticker made and never stopped) in the function that started
//            the blocked goroutines
// Pure: source lines come in through `SourceText`.

import type { Finding, SourceLocation } from '../model/index.js';
import type { MappedSuspect } from './types.js';
import type { SourceText } from './why.js';
import { localFunc, sameFunc } from './funcs.js';

const dirOf = (file: string) => file.slice(0, file.lastIndexOf('/'));

/** `(*configCache).get` → `configCache`; a plain function → ''. */
function receiverType(func: string | undefined): string {
  const m = /^\(?\*?(\w+)\)?\./.exec(localFunc(func ?? ''));
  return m && localFunc(func ?? '').includes(').') ? m[1]! : '';
}

/** `c.mu.Lock()` with receiver `c` of type T → `T.mu`; `mu.Lock()` → `mu` (a package variable). */
function lockIdentity(line: string, func: string | undefined): string | undefined {
  const m = /(?:\b(\w+)\.)?(\w+)\.R?Lock\(\)/.exec(line);
  if (!m) return undefined;
  const [, owner, field] = m;
  if (!owner) return field;
  const recv = receiverType(func);
  return recv ? `${recv}.${field}` : `${owner}.${field}`;
}

/** The mutex a GG012 finding is about: the last Lock call above its line, within its function. */
function findingLock(s: Finding, sources: SourceText): string | undefined {
  const at = s.location!;
  const lines = sources.text(at.file)?.split('\n');
  if (!lines) return undefined;
  for (let n = at.line; n >= 1 && n > at.line - 200; n--) {
    const line = lines[n - 1] ?? '';
    const id = lockIdentity(line, at.func);
    if (id) return id;
    if (/^func\b/.test(line)) return undefined;
  }
  return undefined;
}

/** GG012: the goroutine waits to lock the mutex the finding leaves locked. */
export function sameLock(s: Finding, d: MappedSuspect, sources: SourceText): boolean {
  if (s.ruleId !== 'GG012' || d.finding.waitClass !== 'sync' || !d.site || !s.location) return false;
  if (!/Mutex/.test(d.finding.state ?? '') || dirOf(d.site.file) !== dirOf(s.location.file)) return false;
  const line = sources.text(d.site.file)?.split('\n')[d.site.line - 1];
  const waiting = line ? lockIdentity(line, d.site.func) : undefined;
  return waiting !== undefined && waiting === findingLock(s, sources);
}

/** GG008: the goroutine blocked in `Wait` is the one that started the finding's goroutine. */
export function waitsForFinding(s: Finding, d: MappedSuspect): boolean {
  if (s.ruleId !== 'GG008' || d.finding.waitClass !== 'sync' || !s.createdAt || !d.site) return false;
  return d.site.file === s.createdAt.file && sameFunc(d.site.func, s.createdAt.func);
}

/** A finding without a `go` statement, in the function that started the goroutine, within `maxDrift` lines. */
export function inCreator(s: Finding, d: MappedSuspect, maxDrift: number): number | undefined {
  const c: SourceLocation | undefined = d.createdAt;
  const at = s.location;
  if (s.createdAt || !c || !at || c.file !== at.file || !sameFunc(c.func, at.func)) return undefined;
  const distance = Math.abs(c.line - at.line);
  return distance <= maxDrift ? distance : undefined;
}
