// Edit generators for the deep engine's rules (GG016–GG020), on findings of the real deep engine: a scratch module
// with one package per case is scanned once, planned into patches (real gofmt), and a patched file re-scanned.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCandidates } from '../../src/fix/plan.js';
import { gofmtFor } from '../../src/fix/gofmt.js';
import type { Finding } from '../../src/model/index.js';
import { scanWithEngine } from '../../src/static/index.js';
import type { Candidate, Unaddressed } from '../../src/fix/types.js';

const TIMEOUT = 240_000;
const gofmt = gofmtFor('go');

const WORKERS = `	var wg sync.WaitGroup
	results := make(chan string)
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			results <- strings.ToUpper(w)
		}(w)
	}
`;

const CASES: Record<string, string> = {
  // The catalogue's shape: Wait, close, a fresh declaration, the loop.
  drain: `func Upper(words []string) []string {
${WORKERS}	wg.Wait()
	close(results)
	var out []string
	seen := map[string]bool{}
	for r := range results {
		if !seen[r] {
			out = append(out, r)
		}
		seen[r] = true
	}
	return out
}
`,
  // Counted receives after Wait, no close: where the Wait goes is a choice.
  counted: `func Upper(words []string) []string {
${WORKERS}	wg.Wait()
	out := make([]string, 0, len(words))
	for range words {
		out = append(out, <-results)
	}
	return out
}
`,
  // Between the close and the loop, a statement that reads shared state would run before the senders finish.
  between: `var calls int

func Upper(words []string) []string {
${WORKERS}	wg.Wait()
	close(results)
	n := calls
	var out []string
	for r := range results {
		out = append(out, r)
	}
	calls = n + 1
	return out
}
`,
  // The lock variant: the waiter holds the lock its children need.
  lockheld: `type Crawler struct {
	mu   sync.Mutex
	seen map[string]bool
	wg   sync.WaitGroup
}

func (c *Crawler) Run(urls []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, u := range urls {
		c.wg.Add(1)
		go c.visit(u)
	}
	c.wg.Wait()
}

func (c *Crawler) visit(u string) {
	defer c.wg.Done()
	c.mu.Lock()
	c.seen[strings.ToLower(u)] = true
	c.mu.Unlock()
}
`,
  // GG016: an explicit unlock right after the send swaps with it.
  swap: `type Hub struct {
	mu     sync.Mutex
	seen   map[string]bool
	events chan string
}

func NewHub() *Hub { return &Hub{seen: map[string]bool{}, events: make(chan string)} }

func (h *Hub) Publish(ev string) {
	h.mu.Lock()
	h.seen[strings.ToLower(ev)] = true
	h.events <- ev
	h.mu.Unlock()
}

func (h *Hub) Drain() string {
	h.mu.Lock()
	_ = len(h.seen)
	h.mu.Unlock()
	return <-h.events
}
`,
  // GG016: the value is computed at the send, under the lock: it may read what the lock guards.
  computed: `type Hub struct {
	mu     sync.Mutex
	last   string
	events chan string
}

func NewHub() *Hub { return &Hub{events: make(chan string)} }

func (h *Hub) Publish(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last = ev
	h.events <- strings.ToUpper(h.last)
}

func (h *Hub) Drain() string {
	h.mu.Lock()
	_ = h.last
	h.mu.Unlock()
	return <-h.events
}
`,
};

function write(root: string, pkg: string, body: string) {
  mkdirSync(join(root, pkg), { recursive: true });
  writeFileSync(join(root, pkg, `${pkg}.go`), `package ${pkg}\n\nimport (\n\t"strings"\n\t"sync"\n)\n\n${body}`);
}

async function deepFindings(root: string, pkgs: string[]): Promise<Finding[]> {
  const r = await scanWithEngine(
    pkgs.map((p) => `./${p}`),
    { cwd: root, engine: 'deep' },
  );
  return r.findings;
}

const GG020_CASES = ['drain', 'counted', 'between', 'lockheld'];

let root: string;
let findings: Finding[];
let candidates: Candidate[];
let unaddressed: Unaddressed[];
const inPkg = (pkg: string) => (x: { findings?: Finding[]; finding?: Finding }) =>
  (x.findings?.[0] ?? x.finding)!.location!.file.startsWith(`${pkg}/`);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'gg-fix-deep-'));
  writeFileSync(join(root, 'go.mod'), 'module example.com/deepfix\n\ngo 1.22\n');
  for (const [pkg, body] of Object.entries(CASES)) write(root, pkg, body);
  findings = (await deepFindings(root, Object.keys(CASES))).filter((f) => f.ruleId === 'GG020' || f.ruleId === 'GG016');
  ({ candidates, unaddressed } = await planCandidates(findings, {
    cwd: root,
    readFile: (p) => readFileSync(p, 'utf8'),
    gofmt,
  }));
}, TIMEOUT);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('GG020 patches (deep engine findings)', () => {
  it('finds a GG020 in every case (the premise of the rest)', () => {
    expect(
      [...new Set(findings.filter((f) => f.ruleId === 'GG020').map((f) => f.location!.file.split('/')[0]))].sort(),
    ).toEqual([...GG020_CASES].sort());
  });

  it(
    'waits and closes in a goroutine when Wait, close and the range loop are in a row; the re-scan is clean',
    async () => {
      const c = candidates.find(inPkg('drain'))!;
      expect(c.summary).toMatch(/^wait and close `results` in a goroutine/);
      expect(c.patched).toContain('\tgo func() {\n\t\twg.Wait()\n\t\tclose(results)\n\t}()\n\tvar out []string\n');
      expect(execFileSync('gofmt', ['-l'], { input: c.patched }).toString()).toBe('');
      writeFileSync(c.file, c.patched);
      const again = await deepFindings(root, ['drain']);
      expect(again.filter((f) => f.ruleId === 'GG020')).toEqual([]);
    },
    TIMEOUT,
  );

  it('leaves the other shapes to a person, saying why', () => {
    const why = (pkg: string) => unaddressed.filter(inPkg(pkg)).map((u) => u.reason);
    for (const pkg of ['counted', 'between', 'lockheld']) expect(candidates.filter(inPkg(pkg)), pkg).toEqual([]);
    expect(why('counted')[0]).toMatch(/`wg\.Wait\(\)` is not followed by `close\(results\)`/);
    expect(why('between')[0]).toMatch(/`close\(results\)` is not followed by `for … range results`/);
    expect(why('lockheld')[0]).toMatch(/holds a lock across `Wait` that the goroutines need/);
  });
});

describe('GG016 patches (deep engine findings)', () => {
  it('finds the GG016 sends (the premise of the rest)', () => {
    const at = findings.filter((f) => f.ruleId === 'GG016').map((f) => f.location!.file.split('/')[0]);
    expect(at).toContain('swap');
    expect(at).toContain('computed');
  });

  it(
    'swaps an explicit unlock with the send before it; the re-scan is clean',
    async () => {
      const c = candidates.find(inPkg('swap'))!;
      expect(c.summary).toMatch(/^`h\.mu\.Unlock\(\)` before the send on `h\.events`/);
      expect(c.patched).toContain('\th.seen[strings.ToLower(ev)] = true\n\th.mu.Unlock()\n\th.events <- ev\n}\n');
      expect(execFileSync('gofmt', ['-l'], { input: c.patched }).toString()).toBe('');
      writeFileSync(c.file, c.patched);
      const again = await deepFindings(root, ['swap']);
      expect(again.filter((f) => f.ruleId === 'GG016')).toEqual([]);
    },
    TIMEOUT,
  );

  it('leaves a value computed under the lock to a person', () => {
    expect(candidates.filter(inPkg('computed'))).toEqual([]);
    expect(unaddressed.filter(inPkg('computed')).map((u) => u.reason)[0]).toMatch(
      /the value sent is computed at the send/,
    );
  });
});
