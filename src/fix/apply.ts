// Applying edits to a file's text, and telling when two sets of edits would touch the same text (then they are
// tried in separate runs).

import type { TextEdit } from './types.js';

/** `src` with `edits` applied. Edits must not overlap (insertions at one offset keep their order). */
export function applyEdits(src: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    out += src.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + src.slice(at);
}

/** Whether two edit sets touch overlapping text or neighbouring lines (insertions on one spot count as touching). */
export function editsInteract(a: readonly TextEdit[], b: readonly TextEdit[], src: string): boolean {
  const span = (e: TextEdit) => {
    // Widen to whole lines: gofmt may re-indent a neighbour, and two insertions on one line are ambiguous.
    const s = src.lastIndexOf('\n', e.start - 1) + 1;
    const nl = src.indexOf('\n', e.end);
    return [s, nl < 0 ? src.length : nl + 1] as const;
  };
  return a.some((x) =>
    b.some((y) => {
      const [s1, e1] = span(x);
      const [s2, e2] = span(y);
      return s1 < e2 && s2 < e1;
    }),
  );
}

/** Identity of an edit set, to merge findings whose fix is the same change. */
export function editsKey(file: string, edits: readonly TextEdit[]): string {
  return `${file}\u0000${edits
    .map((e) => `${e.start}:${e.end}:${e.text}`)
    .sort()
    .join('\u0001')}`;
}
