// The analysis must never throw on odd input: mutated copies of the real rule cases (lines dropped, duplicated or
// swapped — most still parse, many in shapes no case was written for) are scanned with every rule; a file that no
// longer parses must come back as one warning naming it, never as an exception.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../src/static/index.js';

const casesDir = path.resolve(import.meta.dirname, '../../testdata/static');
const sources = readdirSync(casesDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.go'))
  .map((f) => readFileSync(path.join(casesDir, f), 'utf8'));

const mutation = fc.record({
  file: fc.nat({ max: sources.length - 1 }),
  edits: fc.array(fc.tuple(fc.constantFrom('drop', 'dup', 'swap'), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
});

function mutate(src: string, edits: [string, number, number][]): string {
  const lines = src.split('\n');
  for (const [op, a, b] of edits) {
    const i = a % lines.length;
    const j = b % lines.length;
    if (op === 'drop') lines.splice(i, 1);
    else if (op === 'dup') lines.splice(i, 0, lines[j]!);
    else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  return lines.join('\n');
}

describe('scanSource robustness', () => {
  it('never throws on mutated real cases; unparsable files become one warning', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async ({ file, edits }) => {
        const src = mutate(sources[file]!, edits);
        const r = await scanSource(src, 'm.go', { goVersion: '1.21' });
        expect(r.warnings.length).toBeLessThanOrEqual(1);
        if (r.warnings.length === 1) {
          expect(r.warnings[0]).toMatch(/^m\.go:\d+: syntax error; file skipped$/);
          expect(r.findings).toEqual([]);
        }
        for (const f of r.findings) expect(f.location!.line).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('reads non-Go text as a syntax error, not a crash', async () => {
    const r = await scanSource('this is not go { ( [ ch := make(chan int', 'x.go');
    expect(r.warnings).toEqual(['x.go:1: syntax error; file skipped']);
    // Text no rule could match is not parsed at all: it cannot produce a finding, broken or not.
    expect((await scanSource('this is not go { ( [', 'y.go')).warnings).toEqual([]);
  });
});
