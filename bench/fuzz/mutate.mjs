// Mutations of real dumps for the fuzzers (test/hostile/fuzz.test.ts in CI, bench/fuzz/run.mjs for long runs):
// the shapes an adversarial probe found (bracket runs, digit runs, control characters, long lines, deep nesting),
// plus byte-level damage and compression wrappers (gzip, gzip-in-gzip, zip). Deterministic for a given rng.

/* global Buffer */

import { deflateRawSync, gzipSync } from 'node:zlib';

/** A small seeded PRNG (mulberry32): the same seed gives the same case. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const size = (r, max) => Math.floor(max ** r()); // log-uniform 1…max

/** Hostile lines: each alone used to cost seconds, gigabytes or a crash somewhere. */
function hostileLine(r) {
  const k = size(r, 60_000);
  return pick(r, [
    () => `main.f${'['.repeat(k)}()`,
    () => `main.g[${'['.repeat(k)}](0x1)`,
    () => `created by main.h${'['.repeat(k)} in goroutine 1`,
    () => `goroutine ${'9'.repeat(1 + (k % 40))} [running]:`,
    () => `\t/a.go:${'9'.repeat(1 + (k % 40))} +0x1`,
    () => `\t/a.go:2x +0x1`,
    () => `${'9'.repeat(1 + (k % 30))} @ 0x1 0x2`,
    () => `#\t0x1\tmain.f+0x1\t/a.go:${'1'.repeat(1 + (k % 30))}`,
    () => `goroutine profile: total ${'9'.repeat(1 + (k % 30))}`,
    () => `main.\x1b]0;pwned\x07f\x1b[2J()`,
    () => `\t/src/\x1b[2J\x9b31m.go:1 +0x1`,
    () => 'x'.repeat(size(r, 2_000_000)),
    () => `main.f(${'('.repeat(k)})`,
    () => `main.f(${'{'.repeat(k)})`,
    () => `goroutine 1 [select, ${'9'.repeat(1 + (k % 30))} minutes]:`,
    () => `goroutine 1 [chan receive]:\nlabels: {"a": "${'\\'.repeat(k)}"}`,
    () => `[originating from goroutine ${'9'.repeat(1 + (k % 30))}]:`,
    () => `...${'9'.repeat(1 + (k % 30))} frames elided...`,
    () => `# labels: {${'"a":"b", '.repeat(k % 5000)}`,
  ])();
}

function lineStart(b, at) {
  const nl = b.indexOf(10, at);
  return nl === -1 ? b.length : nl + 1;
}

/** One mutation. */
function mutateOnce(b, r) {
  const at = Math.floor(r() * b.length);
  switch (Math.floor(r() * 8)) {
    case 0:
      return b.subarray(0, at);
    case 1: {
      const c = Buffer.from(b);
      if (c.length) c[Math.min(at, c.length - 1)] = Math.floor(r() * 256);
      return c;
    }
    case 2:
    case 3: {
      const pos = lineStart(b, at);
      return Buffer.concat([b.subarray(0, pos), Buffer.from(hostileLine(r) + '\n'), b.subarray(pos)]);
    }
    case 4:
      return Buffer.concat([b.subarray(0, at), b.subarray(at + size(r, 2000))]);
    case 5: {
      // Repeat a slice: more goroutines, more of the same stacks.
      const len = size(r, 20_000);
      const piece = b.subarray(at, at + len);
      return Buffer.concat([b.subarray(0, at), ...Array(1 + size(r, 50)).fill(piece), b.subarray(at)]);
    }
    case 6:
      return Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    default:
      return Buffer.concat([b, Buffer.from(hostileLine(r) + '\n')]);
  }
}

/** A zip archive with one deflated entry. */
export function zipOf(name, data) {
  const comp = deflateRawSync(data);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(comp.length, 18);
  local.writeUInt32LE(Math.min(data.length, 0xfffffffe), 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(comp.length, 20);
  central.writeUInt32LE(Math.min(data.length, 0xfffffffe), 24);
  central.writeUInt16LE(n.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + n.length, 12);
  eocd.writeUInt32LE(30 + n.length + comp.length, 16);
  return Buffer.concat([local, n, comp, central, n, eocd]);
}

/** 1–4 mutations of `original`, sometimes wrapped in gzip, gzip-in-gzip or zip. */
export function mutate(original, r) {
  let b = original;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) b = mutateOnce(b, r);
  const wrap = r();
  if (wrap < 0.06) b = gzipSync(b, { level: 1 });
  else if (wrap < 0.09) b = gzipSync(gzipSync(b, { level: 1 }), { level: 1 });
  else if (wrap < 0.12) b = zipOf('goroutines.txt', b);
  return b;
}
