// bytes → model. Detects the format from the bytes (gzip, zip, pprof protobuf, debug=1 text, traceback text) and
// streams goroutines to a callback; `parseDump` collects them. No I/O here beyond the byte source it is given.

import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { GuardError } from '../core/index.js';
import { Debug1Parser } from './debug1.js';
import type { DumpInfo, Goroutine } from '../model/index.js';
import { parseProto } from './proto.js';
import { TracebackParser } from './traceback.js';
import { isZip, readZip } from './zip.js';
import { tooLarge } from './limits.js';

/** Dump bytes: a buffer, dump text, or a stream of chunks (a file or HTTP body). */
export type DumpInput = Uint8Array | string | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface ParseOptions {
  /** Name used in errors and warnings (file path, URL, `-`). Default `<input>`. */
  source?: string;
  /** Keep per-goroutine argument hashes for exact bucketing. */
  exactArgs?: boolean;
  /**
   * Cap on the decompressed input, counted while streaming (gzip, nested gzip and zip entries included). Default
   * 2 GiB: twice a 1 M-goroutine debug=2 dump.
   */
  maxBytes?: number;
  /**
   * Cap for formats that must be held whole (protobuf, a zip archive and each entry). Default 256 MiB, or `maxBytes`
   * when that is given.
   */
  maxBufferedBytes?: number;
}

/** Default input limits (bytes); `--max-bytes` raises both. */
export const PARSE_LIMITS = { maxBytes: 2 ** 31, maxBufferedBytes: 2 ** 28 } as const;

type Limits = ParseOptions & { source: string; maxBytes: number; maxBufferedBytes: number };

export interface Dump {
  info: DumpInfo;
  goroutines: Goroutine[];
}

/** Parses a whole dump into memory. For very large dumps prefer `streamDump`. */
export async function parseDump(input: DumpInput, opts: ParseOptions = {}): Promise<Dump> {
  const goroutines: Goroutine[] = [];
  const info = await streamDump(input, (g) => goroutines.push(g), opts);
  return { info, goroutines };
}

/** Parses a dump, calling `onGoroutine` for each goroutine (or group, for aggregated formats). */
export async function streamDump(
  input: DumpInput,
  onGoroutine: (g: Goroutine) => void,
  opts: ParseOptions = {},
): Promise<DumpInfo> {
  const source = opts.source ?? '<input>';
  const maxBytes = opts.maxBytes ?? PARSE_LIMITS.maxBytes;
  const maxBufferedBytes =
    opts.maxBufferedBytes ?? (opts.maxBytes === undefined ? PARSE_LIMITS.maxBufferedBytes : opts.maxBytes);
  const o: Limits = { ...opts, source, maxBytes, maxBufferedBytes };
  return parseStream(new Peekable(capped(toChunks(input), o)), onGoroutine, o, 0);
}

async function parseStream(
  src: Peekable,
  onGoroutine: (g: Goroutine) => void,
  opts: Limits,
  depth: number,
): Promise<DumpInfo> {
  const head = await src.peek(4);
  if (head.length === 0)
    throw new GuardError('empty-input', opts.source, 'empty input', { offset: 0 }, 'a goroutine dump');
  if (head[0] === 0x1f && head[1] === 0x8b) {
    if (depth > 2) throw new GuardError('unknown-format', opts.source, 'gzip nested too deep', { offset: 0 });
    return parseStream(new Peekable(capped(gunzip(src, opts.source), opts)), onGoroutine, opts, depth + 1);
  }
  if (isZip(head)) return parseZip(await src.readAll(opts, 'zip archive'), onGoroutine, opts);
  const first = await src.peek(4096);
  if (looksLikeProto(first)) {
    return parseProto(await src.readAll(opts, 'protobuf profile'), { source: opts.source, onGoroutine });
  }
  const nul = first.indexOf(0);
  if (nul !== -1) {
    throw new GuardError(
      'unknown-format',
      opts.source,
      depth > 0
        ? 'gzip data that decompresses to binary, not to a dump, zip or pprof profile'
        : 'binary data that is not gzip, zip or a pprof profile',
      { offset: nul },
      'a goroutine dump (text), a gzip-compressed pprof profile or a zip of dumps',
    );
  }
  const text = Buffer.from(first).toString('utf8');
  const isDebug1 = /^\s*(goroutine|goroutineleak) profile: total \d+/.test(text);
  const parser = isDebug1
    ? new Debug1Parser({ source: opts.source, onGoroutine })
    : new TracebackParser({ source: opts.source, onGoroutine, exactArgs: opts.exactArgs === true });
  for await (const chunk of src.rest()) parser.push(chunk);
  return parser.end();
}

async function parseZip(buf: Buffer, onGoroutine: (g: Goroutine) => void, opts: Limits): Promise<DumpInfo> {
  const entries = readZip(buf, opts.source, opts.maxBufferedBytes);
  const infos: DumpInfo[] = [];
  for (const e of entries) {
    const source = `${opts.source}!${e.name}`;
    try {
      infos.push(await parseStream(new Peekable(toChunks(e.data)), onGoroutine, { ...opts, source }, 1));
    } catch (err) {
      // One bad entry must not hide the others; it becomes a warning.
      if (!(err instanceof GuardError)) throw err;
      infos.push({
        source,
        format: 'traceback',
        leakProfile: false,
        parsed: 0,
        truncated: false,
        complete: 0,
        warnings: [err.message],
      });
    }
  }
  const ok = infos.filter((i) => i.parsed > 0);
  if (ok.length === 0) {
    throw new GuardError('unknown-format', opts.source, `zip archive has no parsable dump (${entries.length} entries)`);
  }
  return {
    source: opts.source,
    format: ok[0]!.format,
    leakProfile: ok.every((i) => i.leakProfile),
    parsed: ok.reduce((a, i) => a + i.parsed, 0),
    complete: ok.reduce((a, i) => a + i.complete, 0),
    truncated: ok.some((i) => i.truncated),
    warnings: [`zip archive: ${ok.length} of ${entries.length} entries merged`, ...infos.flatMap((i) => i.warnings)],
  };
}

/**
 * True when the bytes walk as a protobuf `Profile`: every field in the window has a field number 1–15 and a varint
 * or length-delimited wire type (the only two the profile uses). Text fails within a few bytes: most letters
 * decode to wire types 3, 4, 6 or 7.
 */
function looksLikeProto(b: Uint8Array): boolean {
  // Text (printable ASCII, tabs, newlines) is never a profile: a profile's first varints are small control bytes.
  let printable = true;
  for (let k = 0; k < Math.min(b.length, 64); k++) {
    const c = b[k]!;
    if (!(c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127))) {
      printable = false;
      break;
    }
  }
  if (printable) return false;
  let i = 0;
  let fields = 0;
  const n = b.length;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    while (i < n && shift < 64) {
      const x = b[i++]!;
      v += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) return v;
      shift += 7;
    }
    return -1;
  };
  while (i < n) {
    const tag = varint();
    if (tag < 0) break;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field < 1 || field > 15 || (wire !== 0 && wire !== 2)) return false;
    const v = varint();
    if (v < 0) break;
    fields++;
    if (wire === 2) {
      if (i + v > n) return true; // runs past the window: as far as we can see, it is a profile
      i += v;
    }
  }
  return fields >= 2;
}

async function* gunzip(src: Peekable, source: string): AsyncGenerator<Uint8Array> {
  const z = createGunzip();
  const input = Readable.from(src.rest());
  input.pipe(z);
  input.on('error', (e) => z.destroy(e));
  try {
    for await (const chunk of z) yield chunk as Buffer;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err instanceof GuardError) throw err;
    const what =
      err.code === 'Z_BUF_ERROR'
        ? 'the gzip stream ends early (truncated file?)'
        : `corrupt gzip data (${err.message})`;
    throw new GuardError('bad-gzip', source, what, { offset: z.bytesWritten }, 'a complete gzip stream');
  }
}

/** Counts bytes as they stream by and stops at the cap: a decompression bomb fails at the cap, not in RAM. */
async function* capped(
  src: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: Limits,
): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const c of src) {
    n += c.byteLength;
    if (n > opts.maxBytes)
      throw tooLarge(opts.source, `input larger than the ${opts.maxBytes}-byte cap`, opts.maxBytes);
    yield c;
  }
}

function toChunks(input: DumpInput): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  if (typeof input === 'string') return [Buffer.from(input, 'utf8')];
  if (input instanceof Uint8Array) return [input];
  return input;
}

/** An async chunk iterator that can look ahead without consuming. */
class Peekable {
  private readonly it: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  private buffered: Buffer[] = [];
  private bufferedLen = 0;
  private done = false;

  constructor(src: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.it = Symbol.asyncIterator in src ? src[Symbol.asyncIterator]() : src[Symbol.iterator]();
  }

  async peek(n: number): Promise<Buffer> {
    while (this.bufferedLen < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else {
        const b = toBuffer(r.value);
        if (b.length) {
          this.buffered.push(b);
          this.bufferedLen += b.length;
        }
      }
    }
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered, this.bufferedLen)];
    return this.buffered[0]?.subarray(0, n) ?? Buffer.alloc(0);
  }

  async *rest(): AsyncGenerator<Buffer> {
    const b = this.buffered;
    this.buffered = [];
    this.bufferedLen = 0;
    for (const x of b) yield x;
    while (!this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else yield toBuffer(r.value);
    }
  }

  async readAll(opts: Limits, what: string): Promise<Buffer> {
    const max = opts.maxBufferedBytes;
    const parts: Buffer[] = [];
    let len = 0;
    for await (const c of this.rest()) {
      len += c.length;
      if (len > max) throw tooLarge(opts.source, `${what} larger than the ${max}-byte cap`, max);
      parts.push(c);
    }
    return Buffer.concat(parts, len);
  }
}

function toBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

export { isStdlibPackage, splitFuncName } from './frame.js';
export { describeTruncation, prefixAnchor } from './traceback-text.js';
export { tooLarge } from './limits.js';
export { isNeverWakeable, LEAK_PRONE } from './wait.js';
export { DumpContextScanner, STUCK_CONTEXTS } from './context.js';
export { isTraceHeader, traceModel, traceState, toFrame, toLocation, type TraceModel } from './trace.js';
