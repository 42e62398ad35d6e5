// Frame parsing shared by every format: splitting a Go function symbol into package, receiver and name, and the
// traceback's `func(args)` / `\tfile:line +0xoff` line pair into a `Frame`.

import type { Frame } from '../model/index.js';

export interface FuncName {
  func: string;
  package: string;
  receiver?: string;
}

/**
 * Splits a runtime function name. The package is everything up to the first `.` after the last `/` (dots inside the
 * last path element are escaped as `%2e` by the linker, e.g. `gopkg.in/yaml%2ev3.(*parser).parse`). Generic type
 * arguments (`pkg.F[go.shape.int,…]`) may contain `/`, so the search stops at the first `[`.
 */
export function splitFuncName(raw: string): FuncName {
  const bracket = raw.indexOf('[');
  const head = bracket === -1 ? raw : raw.slice(0, bracket);
  const slash = head.lastIndexOf('/');
  const dot = head.indexOf('.', slash + 1);
  if (dot === -1) return { func: unescapeDots(raw), package: '' };
  const pkg = unescapeDots(raw.slice(0, dot));
  const rest = raw.slice(dot + 1);
  const func = pkg + '.' + rest;
  if (rest.startsWith('(')) {
    const close = rest.indexOf(')');
    if (close > 1) return { func, package: pkg, receiver: rest.slice(1, close) };
  }
  // `pkg.T.M` is a value-receiver method; `pkg.F.func1`, `pkg.F.gowrap1`, `pkg.F.deferwrap1` are closures.
  const seg = rest.indexOf('.');
  if (seg > 0 && !/^(func|gowrap|deferwrap)\d/.test(rest.slice(seg + 1)) && !rest.slice(0, seg).includes('[')) {
    const recv = rest.slice(0, seg);
    if (/^[A-Za-z_]\w*$/.test(recv) && !/^(init|glob)$/.test(recv)) return { func, package: pkg, receiver: recv };
  }
  return { func, package: pkg };
}

function unescapeDots(s: string): string {
  return s.includes('%2e') ? s.replace(/%2e/g, '.') : s;
}

/**
 * Finds the `(` that opens the argument list of a traceback function line (`main.(*T).M(0xc000010000, {0x1, 0x2})`).
 * Returns -1 when the line does not end with a balanced argument list.
 */
export function argsStart(line: string): number {
  if (!line.endsWith(')')) return -1;
  let depth = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    const c = line.charCodeAt(i);
    if (c === 41 /* ) */) depth++;
    else if (c === 40 /* ( */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Parses `pkg.F(args)`; returns undefined when the line is not a function line. */
export function parseFuncLine(line: string): { name: FuncName; args: string } | undefined {
  const open = argsStart(line);
  if (open <= 0) return undefined;
  const rawName = line.slice(0, open);
  if (rawName.includes(' ') || rawName.includes('\t')) return undefined;
  return { name: splitFuncName(rawName), args: line.slice(open + 1, -1) };
}

const FILE_LINE = /^(.*):(\d+)(?: \+0x([0-9a-f]+))?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+)?$/;

/**
 * Parses `\t/src/app/main.go:42 +0x85` (leading tab optional). Paths may contain spaces; GOTRACEBACK=system
 * appends ` fp=… sp=… pc=…`, which is dropped.
 */
export function parseFileLine(line: string): { file: string; line: number; pcOffset?: number } | undefined {
  const m = FILE_LINE.exec(line.charCodeAt(0) === 9 ? line.slice(1) : line);
  if (!m || m[1] === '') return undefined;
  const file = m[1]!;
  const n = Number(m[2]);
  return m[3] === undefined ? { file, line: n } : { file, line: n, pcOffset: parseInt(m[3], 16) };
}

export function makeFrame(name: FuncName, file: string, line: number, extra: Partial<Frame> = {}): Frame {
  const f: Frame = { func: name.func, package: name.package, file, line };
  if (name.receiver !== undefined) f.receiver = name.receiver;
  return Object.assign(f, extra);
}

// Top-level elements of standard-library import paths (`go list std | cut -d/ -f1 | sort -u`, Go 1.26). A module
// path without a dot (`module leaks`) is legal, so "no dot in the first element" alone would misclassify user code.
const STD_ROOTS = new Set(
  (
    'archive bufio bytes cmp compress container context crypto database debug embed encoding errors expvar flag fmt ' +
    'go hash html image index internal io iter log maps math mime net os path plugin reflect regexp runtime slices ' +
    'sort strconv strings structs sync syscall testing text time unicode unique unsafe vendor weak'
  ).split(' '),
);

/** True for standard-library packages: their frames are not "user code" when looking for the site that matters. */
export function isStdlibPackage(pkg: string): boolean {
  if (pkg === '') return true;
  const slash = pkg.indexOf('/');
  return STD_ROOTS.has(slash === -1 ? pkg : pkg.slice(0, slash));
}
