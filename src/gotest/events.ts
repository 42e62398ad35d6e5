// go test -json events as they stream by: every test's final result and its output, for the JUnit report. Kept
// apart from the JUnit writer so a run without --junit does not load the report renderers.

export interface TestResult {
  action: 'pass' | 'fail' | 'skip';
  /** Seconds. */
  elapsed?: number;
  output: string[];
}

/** Per package, per test (subtests included as `Parent/sub`): the final result from go test -json. */
export type TestResults = Map<string, Map<string, TestResult>>;

export interface TestEvents {
  push(chunk: Buffer | string): void;
  results(): TestResults;
}

/** Collects go test -json events from stdout chunks (lines may be split across chunks). */
export function parseTestEvents(): TestEvents {
  const results: TestResults = new Map();
  const output = new Map<string, string[]>();
  let rest = '';
  const line = (l: string) => {
    if (!l.startsWith('{')) return;
    let e: { Action?: string; Package?: string; Test?: string; Elapsed?: number; Output?: string };
    try {
      e = JSON.parse(l) as typeof e;
    } catch {
      return;
    }
    if (!e.Package || !e.Test) return;
    const key = `${e.Package}\u0000${e.Test}`;
    if (e.Action === 'output' && e.Output !== undefined) {
      const o = output.get(key) ?? [];
      if (o.length < 200) o.push(e.Output);
      output.set(key, o);
    } else if (e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip') {
      let pkg = results.get(e.Package);
      if (!pkg) results.set(e.Package, (pkg = new Map()));
      const r: TestResult = { action: e.Action, output: output.get(key) ?? [] };
      if (e.Elapsed !== undefined) r.elapsed = e.Elapsed;
      pkg.set(e.Test, r);
    }
  };
  return {
    push(chunk) {
      const text = rest + chunk.toString();
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) line(l);
    },
    results() {
      if (rest) line(rest);
      rest = '';
      return results;
    },
  };
}
