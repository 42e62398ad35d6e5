// check on the whole leak catalogue: testdata/go/leaks' leakdemo runs every pattern (GG001–GG015) plus benign and
// clean code, and its live dump is joined with a scan of the same tree. Besides same-line matches this exercises
// the joins that tie different lines by what the finding is about: the mutex a GG012 path leaves locked (waiters
// in Lock elsewhere), the wg.Wait a GG008 early return starves, and the function that made a GG004 ticker.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDocument } from '../../src/check/present.js';
import { runCli } from '../helpers/cli.js';
import { TESTDATA } from '../helpers/go.js';
import { liveDumps, type LiveDumps } from '../helpers/leakdemo.js';
import { lineOf } from './shop.js';

const LEAKS = join(TESTDATA, 'go', 'leaks');
let dumps: LiveDumps;

beforeAll(async () => {
  dumps = await liveDumps('all', 'all');
});
afterAll(() => dumps?.cleanup());

/** `RULE file:line match` with the line found by the code on it. */
const item = (rule: string, file: string, code: string, match = '') =>
  `${rule} ${file}:${lineOf(join(LEAKS, file), code)}${match ? ` ${match}` : ''}`;

describe('check on the leak catalogue', () => {
  it('confirms each pattern the rules see at its site, by lock, waiter and creator too', async () => {
    const r = await runCli(['check', '.', '--dump', join(dumps.dir, 'all.debug2.txt'), '--format', 'json'], {
      cwd: LEAKS,
    });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as CheckDocument;
    const confirmed = doc.confirmed.map(
      (c) => `${c.ruleId} ${c.static.location!.file}:${c.static.location!.line} ${c.match}`,
    );
    // The static rules are still gaining patterns (another finding may join this list), so: at least these.
    expect(confirmed).toEqual(
      expect.arrayContaining([
        item('GG001', 'patterns/gg001.go', 'result <- q', 'exact'),
        item('GG002', 'patterns/gg002.go', 'for j := range jobs {', 'exact'),
        item('GG003', 'patterns/gg003.go', 'for {', 'drift'),
        item('GG004', 'patterns/gg004.go', 't := time.NewTicker(every)', 'creator'),
        item('GG004', 'patterns/gg004.go', 'for range t.C {', 'exact'),
        item('GG005', 'patterns/gg005.go', 'case <-time.After(10 * time.Minute):', 'drift'),
        item('GG008', 'patterns/gg008.go', 'return // GG008', 'waiter'),
        item('GG009', 'patterns/gg009.go', 'resp, err := http.Get(url)', 'exact'),
        item('GG012', 'patterns/gg012.go', 'return err // GG012', 'lock'),
        item('GG012', 'patterns/gg012.go', 'return // GG012', 'lock'),
        item('GG014', 'patterns/gg014.go', 'select {} // GG014', 'exact'),
        item('GG015', 'patterns/gg011.go', 'errs <- indexOne(d)', 'exact'),
        item('GG015', 'patterns/gg015.go', 'answers <- queryReplica(r)', 'exact'),
      ]),
    );
    // Every static finding is in exactly one list, and no dynamic-only leak sits on a static finding's line.
    const statics = [...doc.confirmed.map((c) => c.static), ...doc.staticOnly.map((x) => x.finding)];
    expect(statics).toHaveLength(doc.staticFindings);
    const lines = new Set(statics.map((f) => `${f.location!.file}:${f.location!.line}`));
    for (const d of doc.dynamicOnly) expect(lines.has(`${d.suspect.site?.file}:${d.suspect.site?.line}`)).toBe(false);
    // Dynamic-only leaks at the default evidence are the never-wakeable or concentrated ones, each with a reason.
    expect(doc.dynamicOnly.every((d) => d.confidence !== 'low' && d.why.length > 0)).toBe(true);
    // The unclosed body's connection loops run only net/http code: nothing ties them to a line, and check says so.
    const gg010 = doc.staticOnly.find((x) => x.finding.ruleId === 'GG010');
    expect(`${gg010?.finding.location!.file}:${gg010?.finding.location!.line}`).toBe(
      item('GG010', 'patterns/gg010.go', 'resp, err := client.Get(url)').slice('GG010 '.length),
    );
    expect(gg010!.libraryGoroutines).toBeGreaterThan(0);
  });
});
