// When each target is scraped: every `interval` (first rounds spread evenly over one interval so 500 targets do not
// fire at once), with a random jitter, at most `concurrency` scrapes in flight, never two of one target at once,
// and exponential backoff (capped) for a target that keeps failing.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface SchedulerOptions {
  concurrency: number;
  /** Fraction of the interval: each delay is moved by up to ±jitter/2 × interval. */
  jitter: number;
  backoffMax: number;
  clock?: Clock;
  random?: () => number;
}

export interface ScheduledTarget {
  name: string;
  interval: number;
}

/** Delay before the next scrape of a target, given consecutive failures so far. Pure. */
export function nextDelay(
  interval: number,
  failures: number,
  o: { jitter: number; backoffMax: number },
  r: number,
): number {
  let d = interval;
  if (failures >= 2) d = Math.min(interval * 2 ** (failures - 1), Math.max(o.backoffMax, interval));
  return Math.max(0, d + (r * 2 - 1) * (o.jitter / 2) * interval);
}

interface State {
  t: ScheduledTarget;
  failures: number;
  running: boolean;
  timer?: unknown;
  /** Taken out by `remove`: a scrape in flight finishes but is not scheduled again. */
  removed?: boolean;
}

export class Scheduler {
  private states: State[];
  private readonly clock: Clock;
  private readonly random: () => number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private stopped = true;

  /** `scrape` resolves to true when the scrape succeeded (failures drive the backoff). */
  constructor(
    targets: readonly ScheduledTarget[],
    private readonly scrape: (name: string) => Promise<boolean>,
    private readonly opts: SchedulerOptions,
  ) {
    this.states = targets.map((t) => ({ t, failures: 0, running: false }));
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
  }

  start(): void {
    this.stopped = false;
    const n = this.states.length;
    this.states.forEach((s, i) => this.arm(s, n > 1 ? (i / n) * s.t.interval : 0));
  }

  /** Stops scheduling and waits for scrapes in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.states) if (s.timer !== undefined) this.clock.clearTimeout(s.timer);
    for (const w of this.waiting.splice(0)) w();
    await Promise.allSettled([...this.inflight]);
  }

  /** Runs one scrape of every target now (no timers); for `--once`. */
  async runOnce(): Promise<void> {
    this.stopped = false;
    await Promise.all(this.states.map((s) => this.run(s, false)));
    this.stopped = true;
  }

  /** Schedules a new target (discovery): its first scrape lands at a random point of its first interval. */
  add(t: ScheduledTarget): void {
    if (this.states.some((s) => s.t.name === t.name)) return;
    const s: State = { t, failures: 0, running: false };
    this.states.push(s);
    if (!this.stopped) this.arm(s, this.random() * t.interval);
  }

  /** Stops scheduling a target (discovery lost it); a scrape in flight finishes. */
  remove(name: string): void {
    const s = this.states.find((x) => x.t.name === name);
    if (!s) return;
    s.removed = true;
    if (s.timer !== undefined) this.clock.clearTimeout(s.timer);
    s.timer = undefined;
    this.states = this.states.filter((x) => x !== s);
  }

  get names(): string[] {
    return this.states.map((s) => s.t.name);
  }

  get inFlight(): number {
    return this.active;
  }

  private arm(s: State, delay: number): void {
    if (this.stopped || s.removed) return;
    s.timer = this.clock.setTimeout(() => {
      s.timer = undefined;
      void this.run(s, true);
    }, delay);
  }

  private async run(s: State, rearm: boolean): Promise<void> {
    if (this.stopped || s.running || s.removed) return;
    s.running = true;
    const started = this.clock.now();
    await this.acquire();
    let ok = false;
    const p = (async () => {
      if (this.stopped) return;
      try {
        ok = await this.scrape(s.t.name);
      } catch {
        ok = false;
      }
    })();
    this.inflight.add(p);
    await p;
    this.inflight.delete(p);
    this.release();
    s.running = false;
    s.failures = ok ? 0 : s.failures + 1;
    if (!rearm) return;
    const delay = nextDelay(s.t.interval, s.failures, this.opts, this.random());
    this.arm(s, Math.max(0, started + delay - this.clock.now()));
  }

  private acquire(): Promise<void> {
    if (this.active < this.opts.concurrency || this.stopped) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.active++;
        resolve();
      }),
    );
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) next();
  }
}
