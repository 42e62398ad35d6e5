// Terminal safety: dump text (function names, paths, labels) comes from the process that was dumped, or from a
// hostile target, and must not drive the terminal it is printed on (`ESC]0;…BEL` sets the window title, `ESC[2J`
// clears the screen). Every control character except newline and tab is shown as a `\u00XX` escape; only the SGR
// colour sequences our own reports emit (`ESC[31m`, `ESC[0m`) pass. The escape is valid inside JSON strings too.

// SGR (`ESC [ digits ; … m`), then any C0 control but \t and \n, DEL, and C1 controls (U+0080–U+009F).
// eslint-disable-next-line no-control-regex
const UNSAFE = /(\x1b\[[0-9;]*m)|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// eslint-disable-next-line no-control-regex
const ANY = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
// eslint-disable-next-line no-control-regex
const ALL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

// The same for bytes: C0 (but \t, \n, \r) and DEL only.
// eslint-disable-next-line no-control-regex
const C0 = /(\x1b\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text safe to print: controls escaped, SGR colour sequences kept. */
export function safeTerminal(s: string): string {
  return escapeControls(s, { keepColour: true });
}

/**
 * Every control character but newline and tab as a `\u00XX` escape (valid in JSON strings too). With
 * `keepColour`, SGR colour sequences pass (a report printed with colours); without, they are escaped as well.
 * Idempotent: its output has no control characters left to escape.
 */
export function escapeControls(s: string, opts: { keepColour?: boolean } = {}): string {
  if (!ANY.test(s)) return s;
  if (!opts.keepColour) return s.replace(ALL, escape);
  return s.replace(UNSAFE, (m, sgr: string | undefined) => sgr ?? escape(m));
}

/**
 * A stream whose writes pass through `safeTerminal`. Byte chunks (child-process output passed through) are filtered
 * for C0 controls only, since C1 code points are UTF-8 continuation bytes there.
 */
export function safeStream<T extends NodeJS.WritableStream>(stream: T): T {
  const safe = new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) => {
          let c = chunk;
          if (typeof chunk === 'string') c = safeTerminal(chunk);
          else if (chunk instanceof Uint8Array) c = safeBytes(chunk);
          return (target.write as (...a: unknown[]) => boolean).call(target, c, ...rest);
        };
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  UNSAFE_TARGET.set(safe, stream);
  return safe;
}

const UNSAFE_TARGET = new WeakMap<object, NodeJS.WritableStream>();

/**
 * The stream under a `safeStream`, for our own terminal controls only (a progress line's `\r` and erase-line):
 * whatever else goes through it must be escaped by the caller (`escapeControls`). Other streams come back as they are.
 */
export function terminalControlStream<T extends NodeJS.WritableStream>(stream: T): T {
  return (UNSAFE_TARGET.get(stream) as T | undefined) ?? stream;
}

function safeBytes(b: Uint8Array): Uint8Array {
  let bad = false;
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    if ((x < 0x20 && x !== 9 && x !== 10 && x !== 13) || x === 0x7f) {
      bad = true;
      break;
    }
  }
  if (!bad) return b;
  const s = Buffer.from(b)
    .toString('latin1')
    .replace(C0, (m, sgr) => (sgr ? (sgr as string) : escape(m)));
  return Buffer.from(s, 'latin1');
}
