// README promises Node.js ≥ 20: no installed package may demand a newer Node (npm's EBADENGINE warning at install,
// e.g. cookie@2 through fastify's light-my-request, pinned back with `overrides` in package.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type V = [number, number, number];
const parse = (s: string): V => {
  const [a = 0, b = 0, c = 0] = s
    .replace(/^v/, '')
    .split('.')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : 0));
  return [a, b, c];
};
const cmp = (a: V, b: V) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Does `v` satisfy the npm range `range`? Handles what engines fields use: ||, ^, ~, >=, >, <=, <, =, x, bare. */
export function satisfies(v: V, range: string): boolean {
  return range.split('||').some((set) =>
    set
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((c) => {
        const m = /^(>=|<=|>|<|=|\^|~)?v?([\dx*]+(?:\.[\dx*]+)*)$/.exec(c);
        if (!m) throw new Error(`unknown comparator ${c} in ${range}`);
        const parts = m[2]!.split('.');
        const wild = parts.findIndex((p) => p === 'x' || p === '*');
        const given = wild < 0 ? parts.length : wild;
        const w = parse(parts.slice(0, given).join('.'));
        const op = m[1] ?? '';
        if (op === '' || op === '=') {
          if (given === 0) return true;
          return v.slice(0, given).every((x, i) => x === w[i]);
        }
        if (op === '^') return v[0] === w[0] && cmp(v, w) >= 0;
        if (op === '~') return v[0] === w[0] && (given < 2 || v[1] === w[1]) && cmp(v, w) >= 0;
        const d = cmp(v, w);
        return op === '>=' ? d >= 0 : op === '>' ? d > 0 : op === '<=' ? d <= 0 : d < 0;
      }),
  );
}

describe('engines', () => {
  it('understands the ranges the lock file uses', () => {
    expect(satisfies([20, 20, 2], '>=20')).toBe(true);
    expect(satisfies([20, 20, 2], '>=22')).toBe(false);
    expect(satisfies([20, 20, 2], '^18.18.0 || ^20.9.0 || >=21.1.0')).toBe(true);
    expect(satisfies([20, 5, 0], '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies([20, 5, 0], '18 || 20 || >=22')).toBe(true);
    expect(satisfies([20, 5, 0], '>= 14.0.0 < 19')).toBe(false);
  });

  it('every installed package accepts the Node the README promises (package.json engines, on this Node 20)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=20');
    const node = parse(process.versions.node);
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
    };
    const bad: string[] = [];
    let checked = 0;
    for (const [name, p] of Object.entries(lock.packages)) {
      const want = Array.isArray(p.engines) ? undefined : p.engines?.node;
      if (!name || !want) continue;
      checked++;
      if (!satisfies(node, want)) bad.push(`${name} wants node ${want}`);
    }
    expect(checked).toBeGreaterThan(20);
    // On Node 20 (what CI and the README promise), nothing may ask for more.
    if (node[0] === 20) expect(bad).toEqual([]);
  });
});
