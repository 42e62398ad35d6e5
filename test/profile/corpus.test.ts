// Every committed real dump (testdata/dumps: Go 1.20–1.27, every encoding and header variant, derived log/CRLF/
// truncated/zip variants) parsed and compared with expect.json, which an independent Go counter
// (testdata/go/dumptools/dumpcount) wrote from the same files.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, parseDump, type Dump, type Goroutine } from '../../src/index.js';
import { stackText } from '../../src/analysis/index.js';
import { TESTDATA } from '../helpers/go.js';

const ROOT = join(TESTDATA, '..');
interface Expect {
  format: 'traceback' | 'debug1' | 'proto' | 'zip';
  goroutines?: number;
  total?: number;
  sumCounts?: number;
  groups?: number;
  states?: Record<string, number>;
  leaked?: number;
  withMinutes?: number;
  lockedToThread?: number;
  inBubble?: number;
  withLabels?: number;
  withCreatedBy?: number;
  withCreatorId?: number;
  withAncestors?: number;
  distinctStacks?: number;
  labelledGroups?: number;
  labelledSamples?: number;
  sampleTypes?: string[];
  entries?: Record<string, Expect>;
}
const EXPECT = JSON.parse(readFileSync(join(TESTDATA, 'dumps', 'expect.json'), 'utf8')) as {
  files: Record<string, Expect>;
};

const sum = (gs: Goroutine[], f: (g: Goroutine) => boolean) => gs.reduce((n, g) => n + (f(g) ? g.count : 0), 0);

function checkTraceback(file: string, d: Dump, e: Expect) {
  const gs = d.goroutines;
  // The cut goroutine of a truncated dump has a complete header (the counter counts it) but is dropped here.
  const expected = d.info.truncated ? e.goroutines! - 1 : e.goroutines!;
  expect(d.info.parsed, 'goroutines').toBe(expected);
  if (d.info.truncated) return;
  const states: Record<string, number> = {};
  for (const g of gs) states[g.state] = (states[g.state] ?? 0) + g.count;
  expect(states, 'states').toEqual(e.states);
  expect(
    sum(gs, (g) => g.leaked),
    'leaked',
  ).toBe(e.leaked);
  expect(
    sum(gs, (g) => g.waitMinutes > 0),
    'withMinutes',
  ).toBe(e.withMinutes);
  expect(
    sum(gs, (g) => g.locked),
    'lockedToThread',
  ).toBe(e.lockedToThread);
  expect(
    sum(gs, (g) => g.bubble !== undefined),
    'inBubble',
  ).toBe(e.inBubble);
  expect(
    sum(gs, (g) => Object.keys(g.labels).length > 0),
    'withLabels',
  ).toBe(e.withLabels);
  expect(
    sum(gs, (g) => g.createdBy !== undefined),
    'withCreatedBy',
  ).toBe(e.withCreatedBy);
  expect(
    sum(gs, (g) => g.creatorId !== undefined),
    'withCreatorId',
  ).toBe(e.withCreatorId);
  expect(
    sum(gs, (g) => g.ancestors.length > 0),
    'withAncestors',
  ).toBe(e.withAncestors);
  // Distinct stacks as the counter defines them: `func file:line` per frame plus the creator, exactly.
  const stacks = new Set(
    gs.map(
      (g) =>
        g.frames.map((f) => `${f.func} ${f.file}:${f.line}`).join('\n') +
        `|${g.createdBy?.func} ${g.createdBy?.file}:${g.createdBy?.line}`,
    ),
  );
  expect(stacks.size, 'distinctStacks').toBe(e.distinctStacks);
}

function checkDebug1(d: Dump, e: Expect) {
  expect(d.info.format).toBe('debug1');
  expect(d.info.declaredTotal).toBe(e.total);
  expect(d.info.parsed).toBe(e.sumCounts);
  expect(d.goroutines.length, 'groups').toBe(e.groups);
  expect(d.goroutines.filter((g) => Object.keys(g.labels).length > 0).length, 'labelledGroups').toBe(e.labelledGroups);
  expect(d.info.leakProfile).toBe(file(d).includes('.leak.'));
}

function checkProto(d: Dump, e: Expect) {
  expect(['proto', 'proto-per-goroutine']).toContain(d.info.format);
  expect(d.info.parsed).toBe(e.total);
  expect(d.info.leakProfile).toBe(e.sampleTypes?.[0]?.startsWith('goroutineleak'));
  // One-sample-per-goroutine profiles carry `go::goroutine…` labels, which become ids and states.
  const labelled = d.goroutines.filter((g) => Object.keys(g.labels).length > 0 || g.id !== -1).length;
  expect(labelled, 'labelledSamples').toBe(e.labelledSamples);
}

const file = (d: Dump) => d.info.source;

describe('real dump corpus vs expect.json', () => {
  for (const [rel, e] of Object.entries(EXPECT.files)) {
    it(rel, async () => {
      const bytes = readFileSync(rel.startsWith('demo/') ? join(ROOT, rel) : join(TESTDATA, 'dumps', rel));
      const d = await parseDump(bytes, { source: rel });
      if (e.format === 'traceback') checkTraceback(rel, d, e);
      else if (e.format === 'debug1') checkDebug1(d, e);
      else if (e.format === 'proto') checkProto(d, e);
      else {
        const entries = Object.values(e.entries ?? {});
        const total = entries.reduce((n, x) => n + (x.goroutines ?? x.total ?? 0), 0);
        expect(d.info.parsed).toBe(total);
      }
    });
  }

  it('prints the same stacks in debug=0, debug=1 and debug=2 of one process (every toolchain)', async () => {
    for (const v of ['go1.20', 'go1.22', 'go1.24', 'go1.26', 'go1.27']) {
      const read = (f: string) => parseDump(readFileSync(join(TESTDATA, 'dumps', v, f)), { source: f });
      const [d0, d2] = await Promise.all([read('all.debug0.pb.gz'), read('all.debug2.txt')]);
      const texts = (d: Dump) =>
        new Set(d.goroutines.map((g) => stackText(g.frames, undefined, 'loose').replace(/\[[^\]]*\]/g, '[...]')));
      const writer = (s: string) => s.includes('runtime/pprof');
      const a = [...texts(d0)].filter((s) => !writer(s)).sort();
      const b = [...texts(d2)].filter((s) => !writer(s)).sort();
      expect(a, v).toEqual(b);
    }
  });
});

describe('goroutineleak profiles', () => {
  const read = async (f: string) => parseDump(readFileSync(join(TESTDATA, 'dumps', f)), { source: f });
  for (const f of [
    'go1.27/all.leak.debug0.pb.gz',
    'go1.27/all.leak.debug1.txt',
    'go1.26/all.leak.debug0.pb.gz',
    'go1.26/all.leak.debug1.txt',
  ]) {
    it(`${f}: every suspect is proven`, async () => {
      const a = analyze(await read(f));
      expect(a.info.leakProfile).toBe(true);
      expect(a.totals.leaked).toBe(a.totals.goroutines);
      expect(a.suspects.length).toBeGreaterThan(5);
      for (const s of a.suspects) expect(s.evidence).toBe('proven');
    });
  }
  for (const f of ['go1.27/all.leak.debug2.txt', 'go1.26/all.leak.debug2.txt']) {
    it(`${f}: (leaked) goroutines are proven, the others are not`, async () => {
      const d = await read(f);
      const a = analyze(d);
      expect(a.info.leakProfile).toBe(false);
      expect(a.totals.leaked).toBeGreaterThan(0);
      expect(a.totals.leaked).toBeLessThan(a.totals.goroutines);
      const gg001 = a.suspects.find((s) => s.location?.file.endsWith('gg001.go'));
      expect(gg001?.evidence).toBe('proven');
      expect(a.suspects.some((s) => s.evidence !== 'proven')).toBe(true);
    });
  }
});
