// docs/agent.md states the agent's defaults (its Config table and the summary at the top): they must be the values
// in agent/config.go — the doc once said suspects need ≥ 50 goroutines while the code (and the JSON) said 10.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const go = readFileSync('agent/config.go', 'utf8');
const doc = readFileSync('docs/agent.md', 'utf8');

/** `defaultX = V` constants as the doc would write them: 5 * time.Second → 5s, 0.005, 5000. */
function goDefaults(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of go.matchAll(/^\s*default(\w+)\s*=\s*(.+)$/gm)) {
    const v = m[2]!.trim();
    const d = /^(\d+) \* time\.(Second|Minute|Hour)$/.exec(v);
    if (d) out.set(m[1]!, `${d[1]}${d[2]![0]!.toLowerCase()}`);
    else if (/^[\d.]+$/.test(v)) out.set(m[1]!, v);
  }
  return out;
}

/** Table rows `| \`A\`, \`B\` | a, b | … |` → name → stated default. */
function docDefaults(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of doc.matchAll(/^\| (`\w+`(?:, `\w+`)*) \| ([^|]+) \|/gm)) {
    const names = [...m[1]!.matchAll(/`(\w+)`/g)].map((x) => x[1]!);
    const values = m[2]!.split(',').map((v) => v.trim().split(' ')[0]!);
    names.forEach((n, i) => out.set(n, values[names.length === 1 ? 0 : i] ?? ''));
  }
  return out;
}

describe('docs/agent.md defaults', () => {
  it('the Config table states the values of agent/config.go', () => {
    const code = goDefaults();
    const stated = docDefaults();
    const compared: string[] = [];
    for (const [name, value] of code) {
      // Config field names extend the constant names: MaxGrowth → MaxGrowthPerSecond, Breaches → BreachesToDegrade.
      const field = [...stated.keys()].find((k) => k === name || k.startsWith(name));
      if (!field) continue;
      expect(`${field} = ${stated.get(field)}`).toBe(`${field} = ${value}`);
      compared.push(field);
    }
    expect(compared).toEqual(expect.arrayContaining(['LeakSuspectMin', 'MaxGoroutines', 'Interval', 'RecoverRatio']));
  });

  it('the summary at the top states the suspect threshold of the code', () => {
    const min = goDefaults().get('LeakSuspectMin');
    expect(doc).toContain(`(≥ \`LeakSuspectMin\` goroutines, default ${min},`);
    expect(doc).not.toMatch(/≥ 50 goroutines/);
  });
});
