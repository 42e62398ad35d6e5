// `[originating from goroutine N]:` sections (GODEBUG=tracebackancestors=N): the frames of the goroutines that
// created this one, parsed line by line on the traceback parser's slow path (they are rare).

import { parseGoroutineId, type Ancestor } from '../model/index.js';
import { makeFrame, parseFileLine, parseFuncLine, splitFuncName } from './frame.js';
import { IN_GOROUTINE } from './traceback-text.js';

export const ORIGINATING = '[originating from goroutine ';

export class AncestorLines {
  /** The function (or `created by`) line waiting for its `\tfile:line`. */
  private func: string | undefined;
  private creator = false;

  /** A new section (or a new goroutine) begins. */
  start(): void {
    this.func = undefined;
    this.creator = false;
  }

  /** One line (UTF-8, prefix stripped) inside the sections; adds to the last of `ancestors`. */
  line(ancestors: Ancestor[], text: string): void {
    const anc = ancestors[ancestors.length - 1]!;
    if (text.startsWith(ORIGINATING)) {
      ancestors.push({
        id: parseGoroutineId(text.slice(ORIGINATING.length).replace(/\]:$/, '')) ?? -1,
        frames: [],
      });
      this.creator = false;
      return;
    }
    if (text.startsWith('created by ')) {
      this.func = text;
      this.creator = true;
      return;
    }
    if (text.startsWith('...')) return;
    if (!text.startsWith('\t')) {
      this.func = text;
      return;
    }
    const fl = parseFileLine(text);
    const pending = this.func;
    this.func = undefined;
    if (!fl || !pending) return;
    if (this.creator) {
      let name = pending.slice(11);
      const inG = name.indexOf(IN_GOROUTINE);
      if (inG !== -1) {
        const cid = parseGoroutineId(name.slice(inG + IN_GOROUTINE.length));
        if (cid !== undefined) anc.creatorId = cid;
        name = name.slice(0, inG);
      }
      anc.createdBy = makeFrame(splitFuncName(name), fl.file, fl.line);
      this.creator = false;
      return;
    }
    const fn = parseFuncLine(pending);
    if (fn) anc.frames.push(makeFrame(fn.name, fl.file, fl.line));
  }
}
