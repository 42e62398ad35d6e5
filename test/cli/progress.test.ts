import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progress } from '../../src/cli/progress.js';
import { safeStream } from '../../src/core/index.js';

function stream(tty: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean };
  s.isTTY = tty;
  let out = '';
  s.on('data', (d) => (out += d));
  return { s, out: () => out };
}

describe('progress', () => {
  it('stays silent for the first second, then draws at most every 100 ms, and erases itself', () => {
    const { s, out } = stream(true);
    let t = 0;
    const p = progress(s, { total: 10, label: 'scan', now: () => t });
    p.tick(3);
    t = 900;
    p.tick();
    expect(out()).toBe('');
    t = 1000;
    p.tick();
    expect(out()).toContain('scan');
    expect(out()).toContain('5/10');
    const before = out();
    t = 1050;
    p.tick();
    expect(out()).toBe(before);
    t = 1200;
    p.tick(4);
    expect(out()).toContain('10/10');
    p.done();
    expect(out().endsWith('\r\x1b[2K')).toBe(true);
    p.done();
    p.tick();
    expect(out().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('never writes to a stream that is not a terminal', () => {
    const { s, out } = stream(false);
    let t = 0;
    const p = progress(s, { total: 5, label: 'scan', now: () => t });
    t = 5000;
    p.tick(5);
    p.done();
    expect(out()).toBe('');
  });

  it("draws its own controls raw through the CLI's escaping stream, and escapes controls in the label", () => {
    // The CLI wraps stderr in safeStream (dump text must not drive the terminal): the bar's `\r` and erase-line
    // must still reach the terminal, while a label from outside stays escaped.
    const { s, out } = stream(true);
    let t = 0;
    const p = progress(safeStream(s), { total: 2, label: 'scan\x1b]0;x\x07', now: () => t });
    t = 2000;
    p.tick();
    p.done();
    expect(out().startsWith('\rscan\\u001b]0;x\\u0007 ')).toBe(true);
    expect(out().endsWith('\r\x1b[2K')).toBe(true);
    expect(out()).not.toContain('\\u000d');
  });
});
