// Regenerates dumps live from the machine's Go (testdata/go/leaks' leakdemo) and checks every format parses to the
// same goroutines, so a runtime format change cannot go unseen.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, parseDump, type Analysis, type Dump } from '../../src/index.js';
import { TESTDATA } from '../helpers/go.js';
import { liveDumps, type LiveDumps } from '../helpers/leakdemo.js';

/** Lines marked `// GG0NN` in the pattern sources: where each leak really blocks or starts. */
function markedLines(): Map<string, Set<string>> {
  const dir = join(TESTDATA, 'go', 'leaks', 'patterns');
  const out = new Map<string, Set<string>>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.go'))) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /\/\/ (GG0\d\d)\b/.exec(line);
        if (!m) return;
        const set = out.get(m[1]!) ?? new Set<string>();
        set.add(`${f}:${i + 1}`);
        out.set(m[1]!, set);
      });
  }
  return out;
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

describe('live dumps from the machine Go', () => {
  let live: LiveDumps;
  const dumps: Record<string, Dump> = {};
  const analyses: Record<string, Analysis> = {};

  beforeAll(async () => {
    live = await liveDumps('all', 'live');
    for (const f of ['live.debug2.txt', 'live.debug1.txt', 'live.debug0.pb.gz', 'live.stack.txt']) {
      dumps[f] = await parseDump(live.read(f), { source: f });
      analyses[f] = analyze(dumps[f]!);
    }
  }, 240_000);
  afterAll(() => live?.cleanup());

  it('detects each format', () => {
    expect(dumps['live.debug2.txt']!.info.format).toBe('traceback');
    expect(dumps['live.stack.txt']!.info.format).toBe('traceback');
    expect(dumps['live.debug1.txt']!.info.format).toBe('debug1');
    expect(dumps['live.debug0.pb.gz']!.info.format).toBe('proto');
    for (const d of Object.values(dumps)) {
      expect(d.info.truncated).toBe(false);
      expect(d.info.parsed).toBeGreaterThan(100);
    }
  });

  it('counts the same goroutines and stacks in debug=0, 1 and 2', () => {
    const d2 = analyses['live.debug2.txt']!;
    const d1 = analyses['live.debug1.txt']!;
    const d0 = analyses['live.debug0.pb.gz']!;
    // The three profiles are taken one after another from a quiescent process.
    expect(d1.totals.goroutines).toBe(d2.totals.goroutines);
    expect(d0.totals.goroutines).toBe(d2.totals.goroutines);
    expect(dumps['live.debug1.txt']!.info.declaredTotal).toBe(d1.totals.goroutines);
    // debug=2 tracebacks carry `created by`, the profiles do not: compare stacks without the creator.
    const stacks = (a: Analysis) =>
      new Set(
        a.buckets.map((b) =>
          b.frames
            .filter((f) => !/^runtime\.[a-z]/.test(f.func))
            .map((f) => `${f.func}@${base(f.file)}:${f.line}`)
            .join('<'),
        ),
      );
    const generic = (s: string) => s.replace(/\[[^\]]*\]/g, '[...]');
    const s0 = new Set([...stacks(d0)].map(generic));
    const s2 = new Set([...stacks(d2)].map(generic));
    const writer = (s: string) => s.includes('runtime/pprof');
    expect([...s0].filter((s) => !writer(s)).sort()).toEqual([...s2].filter((s) => !writer(s)).sort());
  });

  it('puts every catalogued pattern at the line the source marks', () => {
    const marks = markedLines();
    const a = analyses['live.debug2.txt']!;
    // Every suspect in pattern code is at a marked line (blocking site or the `go` statement that created it).
    const fromPatterns = a.suspects.filter((f) => f.location?.file.includes('/patterns/gg'));
    expect(fromPatterns.length).toBeGreaterThanOrEqual(12);
    const allMarks = [...marks.values()].flatMap((set) => [...set]);
    // A marked line within 10 lines of the blocking site or the `go` statement: lock waiters (GG012) and
    // context mistakes (GG007) are marked where the bug is, a few lines from where the goroutine waits.
    const near = (file: string, line: number) =>
      allMarks.some((m) => {
        const [f, l] = m.split(':');
        return f === file && Math.abs(Number(l) - line) <= 10;
      });
    for (const f of fromPatterns) {
      const site = near(base(f.location!.file), f.location!.line);
      const created = f.createdAt ? near(base(f.createdAt.file), f.createdAt.line) : false;
      expect(site || created, `${f.ruleId} at ${base(f.location!.file)}:${f.location!.line}`).toBe(true);
    }
  });

  it('classifies the never-wakeable and the N-cast leaks with their pattern ids', () => {
    const a = analyses['live.debug2.txt']!;
    const byRule = (id: string) => a.suspects.filter((f) => f.ruleId === id);
    const marks = markedLines();
    for (const id of ['GG013', 'GG014']) {
      const fs = byRule(id);
      expect(fs.length, id).toBeGreaterThan(0);
      for (const f of fs) {
        expect(f.evidence).toBe('confirmed');
        expect(marks.get(id)!.has(`${base(f.location!.file)}:${f.location!.line}`)).toBe(true);
      }
    }
    const ncast = byRule('GG015').find((f) => f.location!.file.endsWith('gg015.go'));
    expect(ncast?.count).toBeGreaterThan(1);
    expect(byRule('GG008').some((f) => f.location!.file.endsWith('gg008.go'))).toBe(true);
    expect(byRule('GG012').some((f) => f.location!.file.endsWith('gg012.go'))).toBe(true);
    expect(byRule('GG006').some((f) => f.location!.file.endsWith('gg006.go'))).toBe(true);
  });

  it('keeps benign goroutines out of the suspects', () => {
    const a = analyses['live.debug2.txt']!;
    expect(a.totals.ignored).toBeGreaterThan(0);
    const ignoredNames = a.buckets.filter((b) => b.ignored).map((b) => b.ignored);
    // Runtime system goroutines are not in goroutine profiles at all; these user-visible ones are benign.
    expect(ignoredNames).toContain('os/signal loop');
    expect(ignoredNames).toContain('http server accept loop');
    expect(ignoredNames).toContain('dump writer');
    for (const f of a.suspects) expect(f.stack!.some((fr) => fr.func === 'os/signal.signal_recv')).toBe(false);
  });
});
