// The fast engine's GG008 and GG012 name where the other goroutines of the leak block: the Wait that never
// returns, the other Lock calls on the mutex left locked (SARIF relatedLocations; what check's join by waiter and
// by lock matches).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../src/static/index.js';

const casesDir = path.resolve(import.meta.dirname, '../../testdata/static');

async function findings(rel: string, rule: string) {
  const file = path.join(casesDir, rel);
  const source = readFileSync(file, 'utf8');
  const lines = source.split('\n');
  const { findings } = await scanSource(source, file, { rules: [rule] });
  return findings.map((f) => ({
    line: f.location!.line,
    related: (f.related ?? []).map((r) => `${r.line}: ${lines[r.line - 1]!.trim()}`),
  }));
}

describe('related locations of the fast engine', () => {
  it('GG008: the Wait of the same WaitGroup, in the same function only', async () => {
    const got = await findings('GG008/bad/wg.go', 'GG008');
    expect(got.length).toBeGreaterThanOrEqual(2);
    for (const f of got) {
      expect(f.related).toHaveLength(1);
      expect(f.related[0]).toMatch(/: wg\.Wait\(\)$/);
      // the Wait of the function that starts this goroutine: the next Wait after the finding
      expect(Number(f.related[0]!.split(':')[0])).toBeGreaterThan(f.line);
    }
  });

  it('GG012: where the lock was taken, then the other Lock calls on the same mutex', async () => {
    const got = await findings('GG012/bad/lock.go', 'GG012');
    const first = got.find((f) => f.line === 17)!;
    expect(first.related).toEqual(['14: s.mu.Lock()', '26: s.mu.Lock()']);
  });
});
