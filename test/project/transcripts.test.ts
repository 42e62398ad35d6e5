// The transcripts in README.md and docs/ are real output: each is re-run here (scripts/transcripts.mjs) and must match
// the text between its markers, up to ports, timestamps, elapsed time, the Go version and scheduler-dependent
// states of non-leaking goroutines. Live ones start real Go services from testdata on free ports (watch --once,
// check against a running service, a capture series driven in lockstep with its load). A stale one fails with the fresh text; `node scripts/transcripts.mjs` rewrites it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import * as transcripts from '../../scripts/transcripts.mjs';

interface Transcripts {
  ROOT: string;
  TRANSCRIPTS: Record<string, { file: string; args: string[] }>;
  runTranscript: (name: string) => Promise<string>;
  normalise: (text: string) => string;
  transcriptsIn: (text: string) => Map<string, string>;
}
const t = transcripts as Transcripts;

describe('doc transcripts', () => {
  it('normalises only what differs between honest runs', () => {
    const a =
      'http://127.0.0.1:41665 at 2026-11-26T04:07:27.664Z (0.4s) go1.26.8\nStates: chan send 40 · running 2 · IO wait 1\n';
    const b =
      'http://127.0.0.1:35081 at 2026-12-03T10:00:00Z (1.2s) go1.27.0\nStates: chan send 40 · sleep 1 · runnable 1\n';
    expect(t.normalise(a)).toBe(t.normalise(b));
    expect(t.normalise(a)).not.toBe(t.normalise(a.replace('chan send 40', 'chan send 39')));
    expect(t.normalise('at main.go:45')).not.toBe(t.normalise('at main.go:55'));
    // A series: its duration, the rates from it, the samples' names; a goroutine count stays.
    const s1 = 'Series: 8 samples over 7.22 s\nGoroutines: 164 → 1,284 (+157/s Theil–Sen)\ngoroutine_1796306196.txt';
    const s2 = 'Series: 8 samples over 9.8 s\nGoroutines: 164 → 1,284 (+118/s Theil–Sen)\ngoroutine_1796309999.5.txt';
    expect(t.normalise(s1)).toBe(t.normalise(s2));
    expect(t.normalise(s1)).not.toBe(t.normalise(s1.replace('1,284', '1,283')));
    // capture's progress: a sample's size and fetch time vary; which sample it is does not.
    const c1 = '[2/8] goroutine     goroutine_1796312135.txt 105.3 KiB in 6 ms';
    const c2 = '[2/8] goroutine     goroutine_1796399999.txt 98.0 KiB in 31 ms';
    expect(t.normalise(c1)).toBe(t.normalise(c2));
    expect(t.normalise(c1)).not.toBe(t.normalise(c1.replace('[2/8]', '[3/8]')));
  });

  it.each(Object.keys(t.TRANSCRIPTS))(
    '%s is what the command prints today',
    async (name) => {
      const { file } = t.TRANSCRIPTS[name]!;
      const doc = t.transcriptsIn(readFileSync(join(t.ROOT, file), 'utf8')).get(name);
      expect(doc, `${file} has <!-- transcript:${name} --> markers`).toBeDefined();
      const fresh = await t.runTranscript(name);
      expect(t.normalise(doc!)).toBe(t.normalise(fresh));
    },
    200_000,
  );
});
