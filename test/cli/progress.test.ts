import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progress } from '../../src/cli/progress.js';

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
});
