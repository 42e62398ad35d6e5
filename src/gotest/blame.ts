// Which test leaked a goroutine. The runtime records, for every goroutine, the stacks of the goroutines that
// created it (GODEBUG=tracebackancestors=N), so the chain goes back through helpers and servers to the
// `testing.tRunner` goroutine of the test that (transitively) started it, whatever ran in parallel meanwhile.
// Fallbacks, in order: a goroutine id already known to be a test's (from another goroutine's longer chain), a
// closure defined inside a test function (`pkg.TestX.func1` — e.g. time.AfterFunc callbacks, which the runtime
// creates without a parent), a test goroutine whose test frame is unreadable (an unnamed test), and finally the
// package's TestMain.
// The runtime can print the frame under the runner wrongly: an ancestor pc of a frame that called an inlined
// function is symbolized without the -1, so it may show whatever is inlined at the next byte (time.After, say).
// The harness names those tests in the binary itself (`ancestorTests` of its record); a test goroutine it could not
// name is blamed on an unnamed test, never on TestMain or a wrong test.
// See docs/gotest.md for why ancestry and not pprof labels.

import { type Frame, type Goroutine, type GoroutineId } from '../model/index.js';
import { splitFuncName } from '../profile/index.js';
import { USER_TEST_MAIN } from './gosource.js';

export type BlameVia = 'ancestry' | 'goroutine-id' | 'closure' | 'unnamed' | 'testmain' | 'unknown';

export interface Blame {
  /**
   * Top-level test name (`TestX`, `BenchmarkY`, `ExampleZ`, `FuzzW`), or `TestMain`, or `(unattributed)`, or
   * `(unnamed test in goroutine N)`.
   */
  test: string;
  via: BlameVia;
  /** The function the chain ended in: `pkg.TestX.func2` names the subtest closure. */
  func?: string;
}

export const UNATTRIBUTED = '(unattributed)';

/** Frames the testing package runs a test, benchmark, example or fuzz target from. */
const RUNNERS = new Set(['testing.tRunner', 'testing.runExample', 'testing.(*B).runN', 'testing.runFuzzing']);
const TEST_NAME = /^(Test|Benchmark|Example|Fuzz)/;

export class Blamer {
  /** Goroutine ids seen as a test's goroutine in some ancestor record. */
  private readonly testGoroutines = new Map<GoroutineId, Blame>();
  private readonly byId = new Map<GoroutineId, Goroutine>();
  private readonly memo = new Map<GoroutineId, Blame | undefined>();

  /**
   * @param packages import paths of the package under test: the test function must live in one of them (the
   *   package or its `_test` twin), so a framework's own runner frames are skipped.
   * @param all every goroutine of the dump, including ignored and pre-existing ones: their ancestor records map
   *   goroutine ids to tests for chains that were cut short (deeper than tracebackancestors).
   * @param resolved goroutine id → function (`pkg.TestX`) the harness found for ancestor records whose test frame
   *   the runtime printed wrongly.
   */
  constructor(
    private readonly packages: ReadonlySet<string>,
    all: readonly Goroutine[],
    private readonly resolved: ReadonlyMap<GoroutineId, string> = new Map(),
  ) {
    for (const g of all) {
      if (g.id >= 0) this.byId.set(g.id, g);
      const own = this.testIn(g.frames);
      if (own && g.id >= 0) this.testGoroutines.set(g.id, { ...own, via: 'goroutine-id' });
      for (const a of g.ancestors) {
        const b = this.testIn(a.frames, a.id);
        if (b && !this.testGoroutines.has(a.id)) this.testGoroutines.set(a.id, { ...b, via: 'goroutine-id' });
      }
    }
  }

  blame(g: Goroutine): Blame {
    const b = this.byAncestry(g) ?? this.byCreatorIds(g, new Set());
    if (b) return b;
    const frames = [...g.frames, ...(g.createdBy ? [g.createdBy] : []), ...g.ancestors.flatMap((a) => a.frames)];
    for (const f of frames) {
      const name = this.testName(f);
      if (name) return { test: name, via: 'closure', func: f.func };
    }
    const unnamed = g.ancestors.find((a) => this.runnerCallee(a.frames) === 'unreadable');
    if (unnamed) return { test: `(unnamed test in goroutine ${String(unnamed.id)})`, via: 'unnamed' };
    const all = [...g.frames, ...g.ancestors.flatMap((a) => a.frames)];
    const main = all.find((f) => this.inPackage(f) && isTestMain(localName(f)));
    if (main) return { test: 'TestMain', via: 'testmain', func: main.func };
    return { test: UNATTRIBUTED, via: 'unknown' };
  }

  private byAncestry(g: Goroutine): Blame | undefined {
    const own = this.testIn(g.frames);
    if (own) return own;
    for (const a of g.ancestors) {
      const b = this.testIn(a.frames, a.id);
      if (b) return b;
    }
    return undefined;
  }

  /**
   * The chain was cut (more generations than tracebackancestors, or stacks deeper than the runtime keeps): follow
   * the oldest goroutine ids it names — a known test goroutine, or another goroutine of the dump whose own chain
   * reaches a test (its parent is often still alive: a supervisor whose workers leaked with it).
   */
  private byCreatorIds(g: Goroutine, seen: Set<GoroutineId>): Blame | undefined {
    if (seen.has(g.id)) return undefined;
    seen.add(g.id);
    const ids = [g.creatorId, ...g.ancestors.flatMap((a) => [a.id, a.creatorId])].filter(
      (id): id is GoroutineId => id !== undefined,
    );
    for (const id of ids) {
      const known = this.testGoroutines.get(id);
      if (known) return known;
    }
    for (const id of ids.reverse()) {
      const parent = this.byId.get(id);
      if (!parent || seen.has(id)) continue;
      if (!this.memo.has(id)) this.memo.set(id, this.byAncestry(parent) ?? this.byCreatorIds(parent, seen));
      const b = this.memo.get(id);
      if (b) return { ...b, via: 'goroutine-id' };
    }
    return undefined;
  }

  /**
   * The test whose runner frame appears in `frames` (innermost runner whose callee is a test of the package). `id`:
   * the goroutine of an ancestor record, whose test frame the harness may have named (`resolved`).
   */
  private testIn(frames: readonly Frame[], id?: GoroutineId): Blame | undefined {
    const callee = this.runnerCallee(frames);
    if (callee === undefined) return undefined;
    const func = id === undefined ? undefined : this.resolved.get(id);
    if (func !== undefined) {
      const name = this.testName({ func, package: splitFuncName(func).package, file: '', line: 0 });
      if (name) return { test: name, via: 'ancestry', func };
    }
    if (callee === 'unreadable') return undefined;
    return { test: callee.test, via: 'ancestry', func: callee.frame.func };
  }

  /**
   * The frame the innermost runner of `frames` runs, walking inward past the testing machinery (cleanup wrappers,
   * reflect for fuzz targets): a test of the package; `unreadable` when it is some other function (the runtime's
   * inlining quirk, see the top of this file); undefined without a runner or without a frame inside it.
   */
  private runnerCallee(frames: readonly Frame[]): { test: string; frame: Frame } | 'unreadable' | undefined {
    for (let i = 0; i < frames.length; i++) {
      if (!RUNNERS.has(frames[i]!.func)) continue;
      for (let j = i - 1; j >= 0; j--) {
        const f = frames[j]!;
        if (isMachinery(f)) continue;
        const name = this.testName(f);
        return name ? { test: name, frame: f } : 'unreadable';
      }
    }
    return undefined;
  }

  private testName(f: Frame): string | undefined {
    if (!this.inPackage(f)) return undefined;
    const top = localName(f);
    return TEST_NAME.test(top) && !isTestMain(top) ? top : undefined;
  }

  private inPackage(f: Frame): boolean {
    return (
      this.packages.size === 0 || this.packages.has(f.package) || this.packages.has(f.package.replace(/_test$/, ''))
    );
  }
}

/** The package's TestMain: ours, or the user's one renamed in the overlay copy. */
function isTestMain(name: string): boolean {
  return name === 'TestMain' || name === USER_TEST_MAIN;
}

/** `TestX` for `example.com/p.TestX.func1.2`. */
function localName(f: Frame): string {
  const rest = f.func.startsWith(`${f.package}.`)
    ? f.func.slice(f.package.length + 1)
    : f.func.slice(f.func.lastIndexOf('/') + 1).replace(/^[^.]*\./, '');
  return rest.split('.')[0] ?? rest;
}

function isMachinery(f: Frame): boolean {
  return (
    f.package === 'testing' || f.package === 'reflect' || f.package === 'runtime' || f.package.startsWith('internal/')
  );
}
