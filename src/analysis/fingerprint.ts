// Stable identity of a stack across dumps: survives goroutine ids, argument values, pointers and pc offsets, and
// agrees between formats (runtime frames hidden by tracebacks are dropped everywhere).

import { compareText } from '../core/index.js';
import * as crypto from 'node:crypto';
import type { Frame, Goroutine, SourceLocation } from '../model/index.js';
import { shortLocation } from './sites.js';

export type Similarity = 'loose' | 'exact';

/**
 * Frames a traceback would not print (runtime/traceback.go showfuncinfo): unexported `runtime.` functions and
 * `runtime.goexit`. debug=0 profiles keep them; dropping them here makes fingerprints format-independent.
 */
export function isHiddenRuntimeFrame(f: Frame): boolean {
  if (!f.func.startsWith('runtime.')) return false;
  const c = f.func.charCodeAt(8);
  return !(c >= 65 && c <= 90); // exported runtime functions (runtime.Gosched, runtime.GC…) are printed
}

/** Canonical text of a stack: one `func file:line` per visible frame, then the creator. */
export function stackText(frames: readonly Frame[], createdBy: Frame | undefined, similarity: Similarity): string {
  let s = '';
  for (const f of frames) {
    if (isHiddenRuntimeFrame(f)) continue;
    s += `${normalizeFunc(f.func)} ${f.file}:${f.line}`;
    if (similarity === 'exact') s += ` +${f.pcOffset ?? ''} (${f.args ?? ''})`;
    s += '\n';
  }
  if (createdBy) s += `created by ${normalizeFunc(createdBy.func)} ${createdBy.file}:${createdBy.line}\n`;
  return s;
}

/**
 * A key to order stacks that does not depend on where the program was built: `func file-base:line` per frame, then
 * the creator. Reports break ties on it before the fingerprint (which hashes full paths), so two runs of one program
 * built in different directories list equal-ranked stacks in the same order.
 */
export function orderKey(s: { frames: readonly Frame[]; createdBy?: Frame; fingerprint: string }): string {
  const one = (f: Frame) => `${normalizeFunc(f.func)} ${shortLocation(f)}`;
  let key = '';
  for (const f of s.frames) if (!isHiddenRuntimeFrame(f)) key += `${one(f)}\n`;
  if (s.createdBy) key += `created by ${one(s.createdBy)}\n`;
  return `${key}\0${s.fingerprint}`;
}

/**
 * Ties between findings of equal rank: file name, line and function of the blocking site, then the fingerprint —
 * so a report lists them in the same order whichever directory the program was built in.
 */
export function compareFindingSites(
  a: { location?: SourceLocation; fingerprint?: string },
  b: { location?: SourceLocation; fingerprint?: string },
): number {
  const key = (f: typeof a) => `${siteOrderKey(f.location)}\0${f.fingerprint ?? ''}`;
  return compareText(key(a), key(b));
}

/** A blocking site as reports show it (`file-base:line func`), for ordering; empty without a site. */
export function siteOrderKey(loc: SourceLocation | undefined): string {
  return loc ? `${shortLocation(loc)} ${loc.func ?? ''}` : '';
}

/** Generic instantiations print as `F[...]` in tracebacks and `F[go.shape.int]` in profiles. */
function normalizeFunc(func: string): string {
  let b = func.indexOf('[');
  if (b === -1) return func;
  // One left-to-right pass (what `/\[[^\]]*\]/g` means, without the regex's quadratic retries on unclosed `[`).
  let out = '';
  let from = 0;
  while (b !== -1) {
    const close = func.indexOf(']', b + 1);
    if (close === -1) break; // no `]` after this `[`, hence none after any later `[` either
    out += func.slice(from, b) + '[...]';
    from = close + 1;
    b = func.indexOf('[', from);
  }
  return out + func.slice(from);
}

/** One-shot hashing (Node ≥ 20.12): a fraction of createHash's per-call cost, paid once per distinct stack. */
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export function hashText(text: string): string {
  return (oneShot ? oneShot('sha1', text, 'hex') : crypto.createHash('sha1').update(text).digest('hex')).slice(0, 16);
}

/**
 * The stable fingerprint of a goroutine's stack (16 hex chars). Used by diff, watch and check to match the same
 * stack in different dumps.
 */
export function fingerprint(g: Pick<Goroutine, 'frames' | 'createdBy'>, similarity: Similarity = 'loose'): string {
  return hashText(stackText(g.frames, g.createdBy, similarity));
}

/** Caches fingerprints per shared frames array: traceback goroutines with one stack share one array. */
export class FingerprintCache {
  private readonly byFrames = new WeakMap<readonly Frame[], Map<Frame | undefined, string>>();
  constructor(private readonly similarity: Similarity = 'loose') {}

  get(g: Pick<Goroutine, 'frames' | 'createdBy'>): string {
    let m = this.byFrames.get(g.frames);
    if (!m) {
      m = new Map();
      this.byFrames.set(g.frames, m);
    }
    let fp = m.get(g.createdBy);
    if (fp === undefined) {
      fp = fingerprint(g, this.similarity);
      m.set(g.createdBy, fp);
    }
    return fp;
  }
}

/**
 * A fingerprint of the frames alone, without the creator: debug=0/1 profiles carry no `created by`, so this is
 * the key that joins one stack across a debug=2 dump and a profile (diff, series, watch captures).
 */
export function stackFingerprint(frames: readonly Frame[]): string {
  return hashText(stackText(frames, undefined, 'loose'));
}
