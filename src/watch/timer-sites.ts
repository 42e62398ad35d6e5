// Is a channel wait a timer wait? A goroutine in `for range t.C` or `case <-ticker.C:` is parked in a plain
// `chan receive` / `select`: no dump format shows a time.Ticker frame (the ticker is just the channel's sender), so
// only the source line can tell. Reads the blocking line (and, for a select, its cases) from the local file when
// the dump's path resolves on the watch host; without source the wait stays a channel wait.

import { readFileSync, statSync } from 'node:fs';

/** A receive from a timer/ticker channel (`<-t.C`, `range tk.C`) or from time.After/time.Tick. */
const TIMER_RECEIVE = /(<-|\brange\s+)\s*(?:[\w.()[\]*]+\.C\b|time\.(?:After|Tick)\()/;
/** Lines of a select scanned for its cases. */
const SELECT_SPAN = 30;
/** Source files bigger than this are not read (generated code; no hand-written loop lives there). */
const MAX_SOURCE_BYTES = 2 * 2 ** 20;

export class TimerSites {
  private readonly files = new Map<string, string[] | null>();
  private readonly verdicts = new Map<string, boolean>();

  /**
   * `waitClass` of the bucket: only receives and selects can be timer waits. `sourceMap` maps path prefixes of the
   * dump to local directories (the longest matching prefix wins); unmapped paths are read as printed.
   */
  isTimerWait(
    site: { file: string; line: number } | undefined,
    waitClass: string,
    sourceMap: Readonly<Record<string, string>> = {},
  ): boolean {
    if (!site || (waitClass !== 'chan-recv' && waitClass !== 'select' && waitClass !== 'chan')) return false;
    const file = localPath(site.file, sourceMap);
    const key = `${waitClass}\u0000${file}:${site.line}`;
    let v = this.verdicts.get(key);
    if (v === undefined) {
      v = this.check(file, site.line, waitClass === 'select');
      this.verdicts.set(key, v);
    }
    return v;
  }

  private check(file: string, line: number, select: boolean): boolean {
    const lines = this.read(file);
    const first = lines?.[line - 1];
    if (!lines || first === undefined) return false;
    if (!select) return TIMER_RECEIVE.test(first);
    // `select {` at the site: its cases follow, up to the closing brace at the same indent.
    const indent = /^\s*/.exec(first)![0].length;
    for (let i = line; i < Math.min(lines.length, line + SELECT_SPAN); i++) {
      const l = lines[i]!;
      if (/^\s*}/.test(l) && /^\s*/.exec(l)![0].length <= indent) break;
      if (/^\s*case\b/.test(l) && TIMER_RECEIVE.test(l)) return true;
    }
    return false;
  }

  private read(file: string): string[] | null {
    if (this.files.has(file)) return this.files.get(file)!;
    let lines: string[] | null = null;
    try {
      if (file.endsWith('.go') && statSync(file).size <= MAX_SOURCE_BYTES)
        lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      // Built elsewhere (a container, CI): the path does not resolve here.
    }
    this.files.set(file, lines);
    return lines;
  }
}

/** The dump path through the target's `sourceMap` (longest matching prefix), or as printed. */
export function localPath(file: string, sourceMap: Readonly<Record<string, string>>): string {
  let best = '';
  for (const prefix of Object.keys(sourceMap))
    if (file.startsWith(prefix) && prefix.length > best.length) best = prefix;
  return best ? sourceMap[best]! + file.slice(best.length) : file;
}
