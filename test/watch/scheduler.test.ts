// The scrape schedule under an injected clock: spread start, bounded concurrency, no overlap per target, backoff.

import { describe, expect, it } from 'vitest';
import { nextDelay, Scheduler, type Clock } from '../../src/watch/scheduler.js';

/** A manual clock: timers fire only when the test advances time. */
class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = ++this.ids;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown) {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  /** Moves time forward, firing due timers in order and letting promises settle between them. */
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    }
    this.t = end;
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }
}

describe('scheduler', () => {
  it('backs off exponentially for a failing target, capped, with jitter around the delay', () => {
    const o = { jitter: 0, backoffMax: 60_000 };
    expect([0, 1, 2, 3, 4, 10].map((f) => nextDelay(10_000, f, o, 0.5))).toEqual([
      10_000, 10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
    expect(nextDelay(10_000, 0, { jitter: 0.2, backoffMax: 0 }, 0)).toBe(9000);
    expect(nextDelay(10_000, 0, { jitter: 0.2, backoffMax: 0 }, 1)).toBe(11_000);
  });

  it('spreads the first round, keeps the interval, never exceeds the concurrency bound or overlaps a target', async () => {
    const clock = new FakeClock();
    const starts: [string, number][] = [];
    let active = 0;
    let maxActive = 0;
    const running = new Set<string>();
    const finish = new Map<string, () => void>();
    const targets = Array.from({ length: 6 }, (_, i) => ({ name: `t${i}`, interval: 1000 }));
    const s = new Scheduler(
      targets,
      (name) => {
        expect(running.has(name)).toBe(false);
        running.add(name);
        starts.push([name, clock.now()]);
        maxActive = Math.max(maxActive, ++active);
        return new Promise<boolean>((resolve) =>
          finish.set(name, () => {
            active--;
            running.delete(name);
            resolve(true);
          }),
        );
      },
      { concurrency: 2, jitter: 0, backoffMax: 0, clock, random: () => 0.5 },
    );
    s.start();
    await clock.advance(999);
    // First round spread evenly over one interval; only two may be in flight.
    expect(starts.map(([n, t]) => `${n}@${t}`)).toEqual(['t0@0', 't1@166.66666666666666']);
    expect(s.inFlight).toBe(2);
    for (const n of ['t0', 't1', 't2', 't3', 't4', 't5']) {
      finish.get(n)?.();
      await clock.advance(1);
    }
    await clock.advance(2000);
    expect(maxActive).toBe(2);
    // t0 was due again one interval after its first start; it ran as soon as a slot was free after that.
    const again = starts.filter(([n]) => n === 't0').map(([, t]) => t)[1]!;
    expect(again).toBeGreaterThanOrEqual(1000);
    expect(again).toBeLessThan(1010);
    const stopped = s.stop();
    for (const n of [...running]) finish.get(n)!();
    await stopped;
  });

  it('waits for scrapes in flight on stop and schedules nothing after', async () => {
    const clock = new FakeClock();
    let done = false;
    let calls = 0;
    const s = new Scheduler(
      [{ name: 'a', interval: 100 }],
      async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 30));
        done = true;
        return false;
      },
      { concurrency: 1, jitter: 0, backoffMax: 1000, clock },
    );
    s.start();
    await clock.advance(0);
    expect(calls).toBe(1);
    await s.stop();
    expect(done).toBe(true);
    await clock.advance(10_000);
    expect(calls).toBe(1);
  });
});
