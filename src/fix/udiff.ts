// Unified diffs of one file (`diff -u` / `git diff` shape, 3 lines of context), and the SARIF replacements that
// carry the same change. Lines are compared with an LCS over the part between the common prefix and suffix, which
// is all a local patch changes.

export interface Hunk {
  /** 0-based line index in the old file, and how many old lines the hunk replaces. */
  oldStart: number;
  oldLines: string[];
  newLines: string[];
}

function splitLines(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The changed regions, innermost first: each replaces `oldLines` at `oldStart` with `newLines`. */
export function hunks(before: string, after: string): Hunk[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const x = a.slice(pre, a.length - suf);
  const y = b.slice(pre, b.length - suf);
  // LCS table over the middle (small for a local patch).
  const dp: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      dp[i]![j] = x[i] === y[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const out: Hunk[] = [];
  let cur: Hunk | null = null;
  let i = 0;
  let j = 0;
  const flush = () => {
    if (cur) out.push(cur);
    cur = null;
  };
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      flush();
      i++;
      j++;
    } else if (j < y.length && (i >= x.length || dp[i]![j + 1]! >= dp[i + 1]![j]!)) {
      cur ??= { oldStart: pre + i, oldLines: [], newLines: [] };
      cur.newLines.push(y[j++]!);
    } else {
      cur ??= { oldStart: pre + i, oldLines: [], newLines: [] };
      cur.oldLines.push(x[i++]!);
    }
  }
  flush();
  return out;
}

/** A unified diff of `before` → `after` for `path` (empty when they are equal). */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  const hs = hunks(before, after);
  if (hs.length === 0) return '';
  const a = splitLines(before);
  const out = [`--- a/${path}`, `+++ b/${path}`];
  // Merge hunks whose context would overlap.
  const groups: Hunk[][] = [];
  for (const h of hs) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && h.oldStart - (prev.oldStart + prev.oldLines.length) <= 2 * context) last!.push(h);
    else groups.push([h]);
  }
  let shift = 0; // new-file line offset accumulated by earlier groups
  for (const g of groups) {
    const first = g[0]!;
    const last = g[g.length - 1]!;
    const from = Math.max(0, first.oldStart - context);
    const to = Math.min(a.length, last.oldStart + last.oldLines.length + context);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let at = from;
    let delta = 0;
    for (const h of g) {
      for (; at < h.oldStart; at++, oldCount++, newCount++) body.push(` ${a[at]!}`);
      for (const l of h.oldLines) body.push(`-${l}`);
      for (const l of h.newLines) body.push(`+${l}`);
      oldCount += h.oldLines.length;
      newCount += h.newLines.length;
      delta += h.newLines.length - h.oldLines.length;
      at = h.oldStart + h.oldLines.length;
    }
    for (; at < to; at++, oldCount++, newCount++) body.push(` ${a[at]!}`);
    const oldStart = oldCount === 0 ? from : from + 1;
    const newStart = newCount === 0 ? from + shift : from + shift + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...body);
    shift += delta;
  }
  return `${out.join('\n')}\n`;
}

/** The change as character replacements on the original text (SARIF `replacements`). */
export function replacements(before: string, after: string): { offset: number; length: number; text: string }[] {
  const starts = [0];
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOffset = (l: number) => starts[l] ?? before.length;
  return hunks(before, after).map((h) => {
    const offset = lineOffset(h.oldStart);
    return {
      offset,
      length: lineOffset(h.oldStart + h.oldLines.length) - offset,
      text: h.newLines.map((l) => `${l}\n`).join(''),
    };
  });
}
