// The join's matching rules on a real static finding (the shop's GG001, from scanSource) against suspects placed
// around it: exact, drifted within the function, started by its `go` statement, seen in a caller frame, and the
// cases that must not match (other function, other wait, too far, other `go` statement).

import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { join, pair } from '../../src/check/join.js';
import type { MappedSuspect } from '../../src/check/types.js';
import type { SourceText } from '../../src/check/why.js';
import type { Evidence, Finding, SourceLocation } from '../../src/model/finding.js';
import { scanSource } from '../../src/static/index.js';
import { SHOP } from './shop.js';

const file = joinPath(SHOP, 'handlers.go');
let gg001: Finding;

beforeAll(async () => {
  const { findings } = await scanSource(readFileSync(file, 'utf8'), file, { importPath: 'main' });
  expect(findings.map((f) => f.ruleId)).toEqual(['GG001']);
  gg001 = findings[0]!;
});

const noSources: SourceText = { text: () => undefined, packageFiles: () => [] };

function suspect(
  site: SourceLocation,
  createdAt: SourceLocation | undefined,
  o: {
    wait?: Finding['waitClass'];
    count?: number;
    evidence?: Evidence;
    source?: string;
    callers?: SourceLocation[];
  } = {},
): MappedSuspect {
  const finding: Finding = {
    origin: 'dynamic',
    ruleId: 'GG001',
    title: 't',
    message: 'm',
    severity: 'warning',
    evidence: o.evidence ?? 'suspected',
    waitClass: o.wait ?? 'chan-send',
    state: 'chan send',
    count: o.count ?? 3,
    fingerprint: `${site.line}-${o.source ?? 'dump'}-${o.count ?? 3}`,
  };
  const m: MappedSuspect = { finding, source: o.source ?? 'dump', site, frames: [site, ...(o.callers ?? [])] };
  if (createdAt) m.createdAt = createdAt;
  return m;
}

const at = (line: number, func: string): SourceLocation => ({ file, line, func });

describe('pair', () => {
  it('matches the same line exactly, and moved lines within the function as drift', () => {
    const s = gg001.location!;
    const c = gg001.createdAt!;
    expect(pair(gg001, suspect(at(s.line, s.func!), at(c.line, c.func!)), 50)).toEqual({ kind: 'exact', drift: 0 });
    expect(pair(gg001, suspect(at(s.line + 4, s.func!), at(c.line + 4, c.func!)), 50)).toEqual({
      kind: 'drift',
      drift: 4,
    });
    // The same line but another `go` statement: still this site, said less strongly.
    expect(pair(gg001, suspect(at(s.line, s.func!), at(c.line + 1, 'main.other')), 50)?.kind).toBe('site');
  });

  it('does not match another function, another wait, another go statement or a move beyond the limit', () => {
    const s = gg001.location!;
    const c = gg001.createdAt!;
    expect(pair(gg001, suspect(at(s.line + 1, 'main.(*server).order'), undefined), 50)).toBeUndefined();
    expect(pair(gg001, suspect(at(s.line + 1, s.func!), undefined, { wait: 'sync' }), 50)).toBeUndefined();
    expect(pair(gg001, suspect(at(s.line + 1, s.func!), at(c.line + 30, 'main.run')), 50)).toBeUndefined();
    expect(pair(gg001, suspect(at(s.line + 9, s.func!), undefined), 8)).toBeUndefined();
  });

  it('matches a goroutine started by the finding’s go statement that blocks in a helper, and a caller frame', () => {
    const c = gg001.createdAt!;
    expect(pair(gg001, suspect(at(90, 'main.helper'), at(c.line, c.func!)), 50)?.kind).toBe('created');
    const s = gg001.location!;
    expect(pair(gg001, suspect(at(90, 'main.helper'), undefined, { callers: [at(s.line, s.func!)] }), 50)?.kind).toBe(
      'stack',
    );
  });

  it('drift is symmetric and bounded (property)', () => {
    const s = gg001.location!;
    fc.assert(
      fc.property(fc.integer({ min: -80, max: 80 }), fc.integer({ min: 0, max: 60 }), (shift, max) => {
        const p = pair(gg001, suspect(at(s.line + shift, s.func!), undefined), max);
        if (shift === 0) return p?.kind === 'exact';
        return Math.abs(shift) <= max ? p?.kind === 'drift' && p.drift === Math.abs(shift) : p === undefined;
      }),
    );
  });
});

describe('join', () => {
  it('sums goroutines of one source, takes the largest look across sources, and hides weak suspects', () => {
    const s = gg001.location!;
    const c = gg001.createdAt!;
    const r = join(
      {
        statics: [gg001],
        suspects: [
          suspect(at(s.line, s.func!), at(c.line, c.func!), { count: 5, source: 'a' }),
          suspect(at(s.line, s.func!), at(c.line, c.func!), { count: 2, source: 'a' }),
          suspect(at(s.line, s.func!), at(c.line, c.func!), { count: 6, source: 'b' }),
          suspect(at(200, 'main.elsewhere'), undefined, { evidence: 'possible' }),
          suspect(at(300, 'main.worker'), undefined, { evidence: 'confirmed' }),
        ],
        sources: noSources,
      },
      { minEvidence: 'suspected' },
    );
    expect(r.confirmed.map((x) => [x.count, x.match, x.dynamic.length])).toEqual([[7, 'exact', 3]]);
    expect(r.dynamicOnly.map((x) => [x.suspect.site!.line, x.confidence])).toEqual([[300, 'high']]);
    expect(r.hidden).toBe(1);
    expect(r.staticOnly).toEqual([]);
  });

  it('lists one dynamic-only item per blocking site, whatever started its goroutines', () => {
    const site = at(300, 'main.worker');
    const r = join({
      statics: [gg001],
      suspects: [
        suspect(site, at(400, 'main.startA'), { count: 4, evidence: 'suspected' }),
        suspect(site, at(410, 'main.startB'), { count: 9, evidence: 'confirmed' }),
        suspect(at(301, 'main.worker'), at(400, 'main.startA'), { count: 2 }),
      ],
      sources: noSources,
    });
    expect(
      r.dynamicOnly.map((x) => [x.suspect.site!.line, x.suspect.createdAt!.line, x.others.length, x.count]),
    ).toEqual([
      [300, 410, 1, 13],
      [301, 400, 0, 2],
    ]);
    expect(r.dynamicOnly[0]!.confidence).toBe('high');
  });

  it('lets a drifted suspect confirm only the nearest finding of its function', () => {
    const s = gg001.location!;
    const second: Finding = { ...gg001, location: { ...s, line: s.line + 6 }, createdAt: undefined };
    delete second.createdAt;
    const r = join({
      statics: [gg001, second],
      suspects: [suspect(at(s.line + 5, s.func!), undefined)],
      sources: noSources,
    });
    expect(r.confirmed.map((x) => [x.static.location!.line, x.drift])).toEqual([[s.line + 6, 1]]);
    expect(r.staticOnly.map((x) => x.finding.location!.line)).toEqual([s.line]);
  });
});

describe('lock', () => {
  const src = `package p

import "sync"

type cache struct {
	mu    sync.Mutex
	other sync.Mutex
	m     map[string]string
}

func (c *cache) refresh(ok bool) {
	c.mu.Lock()
	if !ok {
		return
	}
	c.mu.Unlock()
}

func (c *cache) get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *cache) size() int {
	c.other.Lock()
	defer c.other.Unlock()
	return len(c.m)
}
`;
  const lockFile = '/src/p/cache.go';
  const sources: SourceText = { text: (f) => (f === lockFile ? src : undefined), packageFiles: () => [lockFile] };
  const waiter = (line: number, func: string): MappedSuspect => {
    const s = suspect({ file: lockFile, line, func }, undefined, { wait: 'sync' });
    s.finding.state = 'sync.Mutex.Lock';
    return s;
  };

  it('ties a GG012 path to the goroutines waiting on the same mutex, not on another one', async () => {
    const { findings } = await scanSource(src, lockFile, { importPath: 'example.com/p' });
    const gg012 = findings.find((f) => f.ruleId === 'GG012')!;
    expect(gg012.location!.line).toBe(14);
    expect(pair(gg012, waiter(20, 'example.com/p.(*cache).get'), 50, sources)?.kind).toBe('lock');
    expect(pair(gg012, waiter(26, 'example.com/p.(*cache).size'), 50, sources)).toBeUndefined();
  });
});
