// The `goroutine N [...]:` header line of a traceback, in every variant the runtime prints (docs/analyze.md,
// runtime/traceback.go goroutineheader):
//   goroutine 18 [chan receive, 5 minutes]:
//   goroutine 7 gp=0xc000102a80 m=nil [select]:                       GOTRACEBACK=system/crash
//   goroutine 9 [chan send (leaked)]:                                 goroutineleak
//   goroutine 3 [chan receive (durable), synctest bubble 1]:           testing/synctest
//   goroutine 12 [select, 2 minutes, locked to thread labels:{"k": "v"}]:   GODEBUG=tracebacklabels=1 (Go ≥ 1.26)
//   goroutine 12 [select, 2 minutes] {component: worker, t: "a b"}:    Go 1.27: labels after the bracket
//   goroutine 12 [select, 2 minutes]: {component: "worker"}           labels after the colon (seen in the wild)
//   goroutine 4 [sync.Cond.Wait, 12 minutes, bubble, "app":"myapp"]    flags and labels inside the bracket

import { latin1ToUtf8, ownCopy } from './lines.js';
import { classifyState } from './wait.js';
import { parseGoroutineId, type GoroutineId, type WaitClass } from '../model/index.js';

export interface Header {
  id: GoroutineId;
  state: string;
  waitClass: WaitClass;
  waitMinutes: number;
  locked: boolean;
  leaked: boolean;
  durable: boolean;
  bubble: number | undefined;
  labels: Record<string, string>;
}

export type HeaderBody = Omit<Header, 'id'>;

/** Shared by every goroutine without labels, so comparing label sets is one identity check. */
const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Caches parsed bracket contents: a dump has few distinct `[state, N minutes]` strings. Bounded. */
export class HeaderParser {
  private cache = new Map<string, HeaderBody>();
  /** Goroutine id of the last header `parseAt` accepted (a bigint above 2^53 − 1: Go's ids are uint64). */
  id: GoroutineId = 0;
  /** The last accepted header's id is beyond 2^64 − 1: not a Go goroutine id. */
  idOutOfRange = false;

  /** Parses `line` (already stripped of any log prefix). Returns undefined when it is not a header. */
  parse(line: string): Header | undefined {
    const body = this.parseAt(line, 0, line.length, false);
    return body ? { id: this.id, ...body } : undefined;
  }

  /**
   * Parses the header in `t[s, e)` without allocating per goroutine: returns the shared (cached, frozen) body and
   * leaves the id in `this.id`. With `latin1`, `t` holds one char per byte and label text is decoded as UTF-8.
   */
  parseAt(t: string, s: number, e: number, latin1: boolean): HeaderBody | undefined {
    if (!t.startsWith('goroutine ', s)) return undefined;
    let i = s + 10;
    let id = 0;
    while (i < e) {
      const c = t.charCodeAt(i);
      if (c < 48 || c > 57) break;
      id = id * 10 + (c - 48);
      i++;
    }
    const digits = i - s - 10;
    if (digits === 0 || digits > 20) return undefined;
    let open = i;
    if (t.charCodeAt(i) === 32 && t.charCodeAt(i + 1) === 91 /* [ */) open = i + 1;
    else {
      // Anything between the id and `[` must be ` gp=… m=… mp=…`.
      open = t.indexOf('[', i);
      if (open === -1 || open >= e || !/^ (gp|m|mp)=/.test(t.slice(i, Math.min(open, i + 4)))) return undefined;
    }
    // Everything from `[` on is cached: a dump has few distinct `[state, N minutes] {labels}` tails.
    const tail = t.slice(open, e);
    let parsed = this.cache.get(tail);
    if (!parsed) {
      // Own copies: a slice would keep the caller's whole input block alive for as long as the cache (or any
      // bucket holding the state string) lives.
      const own = latin1 ? ownCopy(tail) : Buffer.from(tail, 'utf8').toString('utf8');
      parsed = parseTail(latin1 ? latin1ToUtf8(own) : own);
      if (parsed === undefined) return undefined;
      if (this.cache.size < 4096) this.cache.set(own, parsed);
    }
    // Up to 15 digits always fit a double exactly; longer ids are read again exactly.
    const exact = digits > 15 ? parseGoroutineId(t.slice(s + 10, i)) : id;
    this.id = exact ?? 0;
    this.idOutOfRange = exact === undefined;
    return parsed;
  }
}

/** `[state, flags…]:` or, with Go 1.27 labels, `[state, flags…] {k: v, …}:`. */
function parseTail(tail: string): HeaderBody | undefined {
  let close: number;
  let after: string;
  const lb = tail.endsWith('}:') ? tail.lastIndexOf('] {') : -1;
  if (lb > 0) {
    close = lb;
    after = tail.slice(lb + 2, -1);
  } else {
    close = tail.lastIndexOf(']:');
    if (close <= 0) return undefined;
    after = tail.slice(close + 2).trim();
  }
  return parseBody(tail.slice(1, close), after);
}

function parseBody(body: string, after: string): HeaderBody | undefined {
  const labels: Record<string, string> = {};
  let rest = body;
  const li = rest.indexOf('labels:{');
  if (li !== -1) {
    const end = rest.lastIndexOf('}');
    if (end < li) return undefined;
    parseLabelList(rest.slice(li + 8, end), labels);
    rest = (rest.slice(0, li) + rest.slice(end + 1)).trimEnd();
  }
  if (after.startsWith('{') && after.endsWith('}')) parseLabelList(after.slice(1, -1), labels);

  const parts = splitTop(rest);
  let status = (parts[0] ?? '').trim();
  if (status === '') return undefined;
  let leaked = false;
  let durable = false;
  for (;;) {
    if (status.endsWith(' (leaked)')) {
      leaked = true;
      status = status.slice(0, -9);
    } else if (status.endsWith(' (scan)')) {
      status = status.slice(0, -7);
    } else if (status.endsWith(' (durable)')) {
      durable = true;
      status = status.slice(0, -10);
    } else break;
  }
  if (status === 'leaked') leaked = true;
  let waitMinutes = 0;
  let locked = false;
  let bubble: number | undefined;
  for (const raw of parts.slice(1)) {
    const p = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = /^(\d+) minutes?$/.exec(p))) waitMinutes = Number(m[1]);
    else if (p === 'locked to thread') locked = true;
    else if ((m = /^synctest bubble (\d+)$/.exec(p))) bubble = Number(m[1]);
    else if (p === 'bubble') bubble = bubble ?? 0;
    else if (p.startsWith('"')) parseLabelList(p, labels);
    // Unknown flags from newer toolchains are ignored rather than failing the whole dump.
  }
  return {
    state: status,
    waitClass: classifyState(status),
    waitMinutes,
    locked,
    leaked,
    durable,
    bubble,
    labels: Object.keys(labels).length ? (Object.freeze(labels) as Record<string, string>) : NO_LABELS,
  };
}

/** Splits on commas that are not inside double quotes. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let cur = 0;
  let inQ = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inQ) {
      if (c === 92 /* \ */) i++;
      else if (c === 34) inQ = false;
    } else if (c === 34) inQ = true;
    else if (c === 44 /* , */) {
      out.push(s.slice(cur, i));
      cur = i + 1;
    }
  }
  out.push(s.slice(cur));
  return out;
}

/**
 * Parses `"k": "v", "k2": "v2"` (Go %q quoting) or `k: "v"` into `into`. Keys may be unquoted in the
 * after-header form.
 */
export function parseLabelList(s: string, into: Record<string, string>): void {
  let i = 0;
  const n = s.length;
  const skipWs = () => {
    while (i < n && (s[i] === ' ' || s[i] === ',' || s[i] === '\t')) i++;
  };
  while (i < n) {
    skipWs();
    if (i >= n) break;
    let key: string;
    if (s[i] === '"') {
      const r = readQuoted(s, i);
      key = r.value;
      i = r.end;
    } else {
      const colon = s.indexOf(':', i);
      if (colon === -1) break;
      key = s.slice(i, colon).trim();
      i = colon;
    }
    while (i < n && s[i] === ' ') i++;
    if (s[i] !== ':') break;
    i++;
    while (i < n && s[i] === ' ') i++;
    let value: string;
    if (s[i] === '"') {
      const r = readQuoted(s, i);
      value = r.value;
      i = r.end;
    } else {
      const comma = s.indexOf(',', i);
      const end = comma === -1 ? n : comma;
      value = s.slice(i, end).trim();
      i = end;
    }
    into[key] = value;
  }
}

/** Reads a Go-quoted string starting at `s[start] === '"'`. Tolerates a missing closing quote. */
export function readQuoted(s: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = s[i + 1];
    i += 2;
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '\\':
      case '"':
      case "'":
        out += e;
        break;
      case 'x': {
        out += String.fromCharCode(parseInt(s.slice(i, i + 2), 16) || 0);
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const len = e === 'u' ? 4 : 8;
        const cp = parseInt(s.slice(i, i + len), 16);
        out += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
        i += len;
        break;
      }
      default:
        out += e ?? '';
    }
  }
  return { value: out, end: i };
}
