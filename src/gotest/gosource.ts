// Just enough Go lexing to wrap a package's own TestMain inside an overlay copy of its file: find the top-level
// `func TestMain(`, rename it, and route `os.Exit` through the leak check. Edits never add or remove a line
// before the end of the file, so line numbers in the user's stack traces and test output stay correct.

/** Names the generated harness uses inside the user's package. Prefixed so they cannot clash with user code. */
export const USER_TEST_MAIN = 'goroutineguard_userTestMain';
export const EXIT_HOOK = 'goroutineguard_exit';

/**
 * Returns `src` with comments (and, when `strings` is true, the inside of string and rune literals) replaced by
 * spaces. Same length, newlines kept, so offsets and line numbers carry over to the original text.
 */
export function maskGo(src: string, strings = true): string {
  const parts: string[] = [];
  let kept = 0; // src[kept, …) is not yet in parts
  const blank = (from: number, to: number) => {
    if (to <= from) return;
    const nl = src.indexOf('\n', from);
    const spaces = nl === -1 || nl >= to ? ' '.repeat(to - from) : src.slice(from, to).replace(/[^\n]/g, ' ');
    parts.push(src.slice(kept, from), spaces);
    kept = to;
  };
  const next = /[/`"']/g;
  let i = 0;
  while (i < src.length) {
    next.lastIndex = i;
    const hit = next.exec(src);
    if (!hit) break;
    i = hit.index;
    const c = src[i];
    const n = src[i + 1];
    if (c === '/' && n === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? src.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      const stop = end === -1 ? src.length : end + 1;
      if (strings) blank(i + 1, stop - 1);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      const stop = Math.min(j + 1, src.length);
      if (strings) blank(i + 1, stop - 1);
      i = stop;
    } else {
      i++;
    }
  }
  parts.push(src.slice(kept));
  return parts.join('');
}

/** Offset of the `TestMain` identifier of a top-level `func TestMain(`, or -1. */
export function findTestMain(src: string): number {
  if (!src.includes('TestMain')) return -1;
  const masked = maskGo(src);
  const re = /\bfunc\s+(TestMain)\s*\(/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const at = m.index + m[0].indexOf('TestMain');
    if (braceDepth(masked, m.index) === 0) return at;
  }
  return -1;
}

/** Offset just after the package name in the `package name` clause, or -1. */
export function packageClauseEnd(src: string): number {
  const m = /\bpackage\s+[A-Za-z_]\w*/.exec(maskGo(src));
  return m ? m.index + m[0].length : -1;
}

/** The name the file imports package "os" under: `os`, an alias, `.` or `_`; undefined when not imported. */
export function osImportName(src: string): string | undefined {
  const code = maskGo(src, false);
  const spec = /(?:^|[\s(;])(?:([A-Za-z_]\w*|\.)\s+)?"os"/g;
  for (const block of importSections(code)) {
    spec.lastIndex = 0;
    const m = spec.exec(block);
    if (m) return m[1] ?? 'os';
  }
  return undefined;
}

/** Renames the top-level TestMain so the generated TestMain can wrap it. Returns undefined when there is none. */
export function renameTestMain(src: string): string | undefined {
  const at = findTestMain(src);
  if (at < 0) return undefined;
  return src.slice(0, at) + USER_TEST_MAIN + src.slice(at + 'TestMain'.length);
}

/**
 * Replaces calls `os.Exit(` with the harness exit hook so the leak check runs before the process ends (a
 * TestMain that calls os.Exit never returns to the wrapper). Appends one `var _ = os.Exit` after the last line so
 * the import stays used. Returns the source unchanged when the file does not call os.Exit.
 */
export function routeOsExit(src: string): { source: string; replaced: number } {
  const name = osImportName(src);
  if (name === undefined || name === '_' || name === '.') return { source: src, replaced: 0 };
  const masked = maskGo(src);
  const re = new RegExp(`(?<![\\w.])${name}\\.Exit\\(`, 'g');
  let out = '';
  let last = 0;
  let replaced = 0;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    out += src.slice(last, m.index) + EXIT_HOOK + '(';
    last = m.index + m[0].length;
    replaced++;
  }
  if (replaced === 0) return { source: src, replaced: 0 };
  out += src.slice(last);
  if (!out.endsWith('\n')) out += '\n';
  out += `\nvar _ = ${name}.Exit // goroutine-guard: keeps the import used after routing os.Exit\n`;
  return { source: out, replaced };
}

/** Depth of `{` nesting at `offset` in masked source. */
function braceDepth(masked: string, offset: number): number {
  let depth = 0;
  for (let i = 0; i < offset; i++) {
    if (masked[i] === '{') depth++;
    else if (masked[i] === '}') depth--;
  }
  return depth;
}

/** The text of each import declaration (`import "x"` or `import ( … )`), from comment-masked source. */
function importSections(code: string): string[] {
  const out: string[] = [];
  const re = /\bimport\s*(\(([^)]*)\)|[^\n;]*)/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[2] ?? m[1] ?? '');
  return out;
}
