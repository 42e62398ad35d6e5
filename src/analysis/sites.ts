// The site that matters for a stack: the first frame in user code (not runtime, not the standard library), and the
// place the goroutine was created.

import { isStdlibPackage } from '../profile/index.js';
import type { Frame, SourceLocation } from '../model/index.js';

/** First frame outside the standard library (innermost first), or undefined when every frame is stdlib. */
export function firstUserFrame(frames: readonly Frame[]): Frame | undefined {
  for (const f of frames) if (!isStdlibPackage(f.package)) return f;
  return undefined;
}

/** The blocking site to report: the first user frame, else the innermost non-runtime frame. */
export function siteFrame(frames: readonly Frame[]): Frame | undefined {
  return firstUserFrame(frames) ?? frames.find((f) => !f.func.startsWith('runtime.')) ?? frames[0];
}

export function toLocation(f: Frame | undefined): SourceLocation | undefined {
  if (!f || !f.file) return undefined;
  return { file: f.file, line: f.line, func: f.func };
}

/** `file.go:42` with the directory trimmed, for one-line summaries. */
export function shortLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '?';
  const slash = loc.file.lastIndexOf('/');
  return `${slash === -1 ? loc.file : loc.file.slice(slash + 1)}:${loc.line}`;
}
