// Parser for pprof protobuf goroutine profiles (`?debug=0`, `go tool pprof` input), after gunzip.
// One sample = a group of `value[0]` goroutines sharing a stack and labels. A variant with one sample per goroutine
// carries `go::goroutine`, `go::goroutine_state`, `go::goroutine_wait_minutes`, `go::goroutine_created_by` labels
// (CockroachDB's "debug=3"); those become real goroutine ids and states.

import { Profile } from 'pprof-format';
import { GuardError } from '../core/index.js';
import { makeFrame, splitFuncName } from './frame.js';
import type { DumpInfo, Frame, Goroutine } from '../model/index.js';
import { classifyState, inferState } from './wait.js';

export interface ProtoOptions {
  source: string;
  onGoroutine: (g: Goroutine) => void;
}

/** Parses a complete (decompressed) profile. Throws GuardError on malformed protobuf. */
export function parseProto(buf: Uint8Array, opts: ProtoOptions): DumpInfo {
  checkWireFormat(buf, opts.source);
  let p: Profile;
  try {
    p = Profile.decode(buf);
  } catch (e) {
    throw new GuardError(
      'bad-protobuf',
      opts.source,
      `cannot decode profile.proto: ${(e as Error).message}`,
      {},
      'a pprof profile',
    );
  }
  const str = (i: unknown): string => p.stringTable.strings[Number(i)] ?? '';
  const sampleType = p.sampleType.map((t) => str(t.type));
  const kind = sampleType[0] ?? '';
  if (kind !== 'goroutine' && kind !== 'goroutineleak') {
    throw new GuardError(
      'unknown-format',
      opts.source,
      `pprof profile of type "${sampleType.join(',') || 'unknown'}"`,
      {},
      'a goroutine or goroutineleak profile (sample type "goroutine")',
    );
  }
  const leakProfile = kind === 'goroutineleak';

  const funcs = new Map<string, { name: string; file: string }>();
  for (const f of p.function) funcs.set(String(f.id), { name: str(f.name), file: str(f.filename) });
  // Location id → frames, innermost first. A location with several lines holds inlined calls: all but the last
  // line were inlined into the last one.
  const locs = new Map<string, Frame[]>();
  for (const loc of p.location) {
    const frames: Frame[] = [];
    loc.line.forEach((ln, i) => {
      const fn = funcs.get(String(ln.functionId));
      if (!fn) return;
      const fr = makeFrame(splitFuncName(fn.name), fn.file, Number(ln.line));
      if (i < loc.line.length - 1) fr.inlined = true;
      frames.push(Object.freeze(fr));
    });
    if (frames.length === 0)
      frames.push({ func: `0x${Number(loc.address).toString(16)}`, package: '', file: '?', line: 0 });
    locs.set(String(loc.id), frames);
  }

  const stackIds = new Map<string, number>();
  let parsed = 0;
  let perGoroutine = false;
  for (const s of p.sample) {
    const count = Number(s.value[0] ?? 0);
    const frames: Frame[] = [];
    for (const id of s.locationId) {
      const fs = locs.get(String(id));
      if (!fs) {
        throw new GuardError(
          'bad-protobuf',
          opts.source,
          `sample refers to missing location ${id}`,
          {},
          'a consistent pprof profile',
        );
      }
      frames.push(...fs);
    }
    // The runtime prints no `runtime.goexit` frame in tracebacks; drop it here too so stacks compare across formats.
    while (frames.length && frames[frames.length - 1]!.func === 'runtime.goexit') frames.pop();
    const labels: Record<string, string> = {};
    let id = -1;
    let state: string | undefined;
    let minutes = 0;
    let createdBy: Frame | undefined;
    for (const l of s.label) {
      const k = str(l.key);
      const v = Number(l.str) !== 0 ? str(l.str) : String(l.num);
      if (k === 'go::goroutine') id = Number(v);
      else if (k === 'go::goroutine_state') state = v;
      else if (k === 'go::goroutine_wait_minutes') minutes = Number(v) || 0;
      else if (k === 'go::goroutine_created_by') createdBy = makeFrame(splitFuncName(v.split(' ')[0] ?? v), '', 0);
      else labels[k] = v;
    }
    if (id !== -1) perGoroutine = true;
    const inferred = state === undefined;
    const st = state ?? inferState(frames);
    const key = frames.map((f) => `${f.func} ${f.file}:${f.line}`).join('\n') + '|' + st;
    let stackId = stackIds.get(key);
    if (stackId === undefined) {
      stackId = stackIds.size;
      stackIds.set(key, stackId);
    }
    const g: Goroutine = {
      id,
      count,
      state: st,
      stateInferred: inferred,
      waitClass: classifyState(st),
      waitMinutes: minutes,
      locked: false,
      leaked: leakProfile,
      labels,
      frames,
      elided: 0,
      ancestors: [],
      stackId,
    };
    if (createdBy) g.createdBy = createdBy;
    parsed += count;
    opts.onGoroutine(g);
  }
  const info: DumpInfo = {
    source: opts.source,
    format: perGoroutine ? 'proto-per-goroutine' : 'proto',
    leakProfile,
    declaredTotal: parsed,
    parsed,
    truncated: false,
    complete: parsed,
    warnings: [],
  };
  const t = Number(p.timeNanos);
  if (t > 0) info.time = new Date(t / 1e6);
  return info;
}

/**
 * Walks the top-level protobuf fields so a truncated or corrupt message fails with the byte offset where it
 * breaks, instead of decoding into garbage.
 */
function checkWireFormat(buf: Uint8Array, source: string): void {
  let i = 0;
  const n = buf.length;
  const varint = (): number => {
    let shift = 0;
    let v = 0;
    for (;;) {
      if (i >= n) throw fail('the message ends inside a varint');
      const b = buf[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
      if (shift > 63) throw fail('a varint longer than 10 bytes');
    }
  };
  let at = 0;
  const fail = (what: string) =>
    new GuardError(
      'bad-protobuf',
      source,
      `corrupt or truncated profile.proto: ${what}`,
      { offset: at },
      'a complete pprof profile',
    );
  while (i < n) {
    at = i;
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 0 || field > 15) throw fail(`unexpected field number ${field}`);
    if (wire === 0) varint();
    else if (wire === 2) {
      const len = varint();
      if (i + len > n) throw fail(`field ${field} declares ${len} bytes but only ${n - i} remain`);
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw fail(`unsupported wire type ${wire}`);
    if (i > n) throw fail('the message ends inside a fixed-size field');
  }
}
