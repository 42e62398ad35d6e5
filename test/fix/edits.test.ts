// Edit generators on real scan findings: each Go snippet is scanned with the real rules, planned into a patch
// (real gofmt), and the patched source must be what a Go programmer would write — and clean under a re-scan.

import { describe, expect, it } from 'vitest';
import { scanSource } from '../../src/static/index.js';
import { planCandidates } from '../../src/fix/plan.js';
import { gofmtFor } from '../../src/fix/gofmt.js';

const gofmt = gofmtFor('go');

async function patch(src: string, goVersion = '1.26') {
  const { findings } = await scanSource(src, '/tmp/x/p.go', { goVersion });
  const plan = await planCandidates(findings, { cwd: '/tmp/x', readFile: () => src, gofmt });
  return { findings, ...plan };
}

async function rescan(src: string) {
  return (await scanSource(src, '/tmp/x/p.go')).findings;
}

describe('GG012 patches', () => {
  it('defers the unlock when the unlock ends the function', async () => {
    const src = `package p

import "sync"

type C struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *C) Get(k string) (int, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	if !ok {
		return 0, false
	}
	c.mu.Unlock()
	return v, true
}
`;
    const { candidates, unaddressed } = await patch(src);
    expect(unaddressed).toEqual([]);
    expect(candidates).toHaveLength(1);
    const c = candidates[0]!;
    expect(c.findings.map((f) => f.ruleId)).toEqual(['GG012']);
    expect(c.patched).toContain('\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n');
    expect(c.patched.match(/c\.mu\.Unlock\(\)/g)).toHaveLength(1);
    expect(c.diff).toMatch(/^\+\tdefer c\.mu\.Unlock\(\)$/m);
    expect(c.diff).toMatch(/^-\tc\.mu\.Unlock\(\)$/m);
    expect(await rescan(c.patched)).toEqual([]);
  });

  it('unlocks before the exit when work follows the unlock (a defer would hold the lock across it)', async () => {
    const src = `package p

import "sync"

var mu sync.Mutex
var n int

func slow() {}

func Bump(skip bool) {
	mu.Lock()
	if skip {
		return
	}
	n++
	mu.Unlock()
	slow()
}
`;
    const { candidates } = await patch(src);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.patched).toContain('\tif skip {\n\t\tmu.Unlock()\n\t\treturn\n\t}\n');
    expect(candidates[0]!.patched).not.toContain('defer');
    expect(await rescan(candidates[0]!.patched)).toEqual([]);
  });

  it('merges findings that share one fix: two early returns, one defer', async () => {
    const src = `package p

import "sync"

var mu sync.Mutex

func F(a, b bool) int {
	mu.Lock()
	if a {
		return 1
	}
	if b {
		return 2
	}
	mu.Unlock()
	return 0
}
`;
    const { findings, candidates } = await patch(src);
    expect(findings).toHaveLength(2);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.findings).toHaveLength(2);
    expect(await rescan(candidates[0]!.patched)).toEqual([]);
  });
});

describe('GG008 patches', () => {
  it('moves Done into a defer at the top of the goroutine', async () => {
    const src = `package p

import "sync"

func Run(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func(x int) {
			if x < 0 {
				return
			}
			_ = x
			wg.Done()
		}(x)
	}
	wg.Wait()
}
`;
    const { candidates } = await patch(src);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.patched).toContain('go func(x int) {\n\t\t\tdefer wg.Done()\n\t\t\tif x < 0 {');
    expect(candidates[0]!.patched.match(/wg\.Done\(\)/g)).toHaveLength(1);
    expect(await rescan(candidates[0]!.patched)).toEqual([]);
  });

  it('adds the Done a goroutine never calls', async () => {
    const src = `package p

import "sync"

func work() {}

func Run() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		work()
	}()
	wg.Wait()
}
`;
    const { candidates } = await patch(src);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.patched).toContain('go func() {\n\t\tdefer wg.Done()\n\t\twork()\n');
    expect(await rescan(candidates[0]!.patched)).toEqual([]);
  });
});

describe('GG001 and GG015 patches', () => {
  it('buffers a single-result channel to 1', async () => {
    const src = `package p

import "context"

func get() int { return 1 }

func First(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- get() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
`;
    const { candidates } = await patch(src);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.findings[0]!.ruleId).toBe('GG001');
    expect(candidates[0]!.patched).toContain('ch := make(chan int, 1)');
    expect(await rescan(candidates[0]!.patched)).toEqual([]);
  });

  it('buffers to the loop bound for one sender per iteration of a counted loop', async () => {
    const src = `package p

func ask(i int) int { return i }

func First(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) { ch <- ask(i) }(i)
	}
	return <-ch
}
`;
    const { candidates, unaddressed } = await patch(src);
    expect(unaddressed).toEqual([]);
    expect(candidates.map((c) => c.findings[0]!.ruleId)).toEqual(['GG015']);
    expect(candidates[0]!.patched).toContain('ch := make(chan int, n)');
  });
});

describe('findings without a mechanical fix', () => {
  it('are listed as not addressed with the catalogue fix text', async () => {
    const src = `package p

import "net/http"

func Status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
`;
    const { findings, candidates, unaddressed } = await patch(src);
    expect(findings.map((f) => f.ruleId)).toEqual(['GG009']);
    expect(candidates).toEqual([]);
    expect(unaddressed[0]!.reason).toMatch(/^no mechanical fix for GG009 yet; by hand: .*Timeout/);
  });
});

describe('ctx exits (GG003, GG004) and ctx propagation (GG007)', () => {
  it('GG004: both findings of one ticker share one patch: a ctx exit for the loop and a Stop', async () => {
    const src = `package p

import (
	"context"
	"time"
)

func Beat(ctx context.Context, beat func()) {
	go func() {
		t := time.NewTicker(time.Second)
		for now := range t.C {
			_ = now
			beat()
		}
	}()
}
`;
    const { findings, candidates, unaddressed } = await patch(src, '1.22');
    expect(findings.map((f) => f.ruleId)).toEqual(['GG004', 'GG004']);
    expect(unaddressed).toEqual([]);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.findings).toHaveLength(2);
    const out = candidates[0]!.patched;
    expect(out).toContain('defer t.Stop()');
    expect(out).toContain('case <-ctx.Done():\n\t\t\t\treturn\n\t\t\tcase now := <-t.C:\n\t\t\t\t_ = now\n');
    expect(await rescan(out)).toEqual([]);
  });

  it('GG003: without a context in scope the loop is left to a person', async () => {
    const src = `package p

func Pump(in <-chan int, out chan<- int) {
	go func() {
		for {
			select {
			case v := <-in:
				out <- v
			}
		}
	}()
}
`;
    const { candidates, unaddressed } = await patch(src);
    expect(candidates).toEqual([]);
    expect(unaddressed.map((u) => `${u.finding.ruleId}: ${u.reason}`)).toContain(
      'GG003: no context.Context parameter in scope: add one (or a quit channel) by hand',
    );
  });

  it('GG007: passes the caller ctx and drops the context import only when nothing else uses it', async () => {
    const src = `package p

import "context"

func run(ctx context.Context) {}

func Start(ctx context.Context) {
	go run(context.Background())
}
`;
    const { candidates } = await patch(src);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.patched).toContain('go run(ctx)');
    expect(candidates[0]!.patched).toContain('import "context"');
    expect(await rescan(candidates[0]!.patched)).toEqual([]);
  });
});

describe('GG005 patches', () => {
  it('make one timer before the loop, drained and Reset before the select', async () => {
    const src = `package p

import "time"

func Consume(in <-chan int, d time.Duration) {
	for {
		select {
		case <-in:
		case <-time.After(d):
			return
		}
	}
}
`;
    const { candidates } = await patch(src, '1.22');
    expect(candidates).toHaveLength(1);
    const out = candidates[0]!.patched;
    expect(out).toContain('\ttimer := time.NewTimer(d)\n\tdefer timer.Stop()\n\tfor {\n\t\tif !timer.Stop() {');
    expect(out).toContain('\t\ttimer.Reset(d)\n\t\tselect {');
    expect(out).toContain('case <-timer.C:\n\t\t\treturn');
    expect(await scanSource(out, '/tmp/x/p.go', { goVersion: '1.22' }).then((r) => r.findings)).toEqual([]);
  });

  it('leave a duration computed inside the loop to a person', async () => {
    const src = `package p

import "time"

func Consume(in <-chan int, ds []time.Duration) {
	for i := 0; ; i++ {
		d := ds[i%len(ds)]
		select {
		case <-in:
		case <-time.After(d):
			return
		}
	}
}
`;
    const { candidates, unaddressed } = await patch(src, '1.22');
    expect(candidates).toEqual([]);
    expect(unaddressed[0]!.reason).toBe('the duration uses `d`, declared inside the loop: the timer is made before it');
  });
});
