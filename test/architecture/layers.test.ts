// The import graph of src/, drawn from the sources (type-only imports included): stages sit in layers and every
// arrow points down; a folder is entered only through its index.ts; no module and no folder is part of a cycle.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Bottom first. A folder may import from its own layer's other folders or from any layer below it. */
const LAYERS: readonly (readonly string[])[] = [
  ['model'],
  ['core'],
  ['profile', 'static'],
  ['analysis'],
  ['report'],
  ['check', 'gotest', 'watch', 'io'],
  ['fix'], // patches proven by gotest's leak-checked runs
  ['cli'],
  ['.'], // src/index.ts, the library entry
];
const rank = new Map(LAYERS.flatMap((l, i) => l.map((f) => [f, i] as const)));

interface Edge {
  from: string;
  to: string;
}

function sources(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith(`watch${path.sep}web${path.sep}`))
    .map((f) => f.split(path.sep).join('/'));
}

/** Relative module specifiers of one file: static imports, re-exports and dynamic `import()`. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g,
  )) {
    const s = m[1] ?? m[2];
    if (s?.startsWith('.')) out.push(s);
  }
  return out;
}

function graph(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sources()) {
    for (const spec of specifiers(readFileSync(path.join(SRC, file), 'utf8'))) {
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      edges.push({ from: file, to });
    }
  }
  return edges;
}

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** Strongly connected components with more than one node (or a self-loop). */
function cycles(nodes: Iterable<string>, next: (n: string) => Iterable<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let i = 0;
  const visit = (v: string) => {
    index.set(v, i);
    low.set(v, i++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || [...next(v)].includes(v)) out.push(comp.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out;
}

describe('import graph of src/', () => {
  const edges = graph();
  const files = new Set(sources());

  it('is read from the sources (sanity: every stage folder is there and imports resolve)', () => {
    const folders = new Set([...files].map(folderOf));
    for (const f of rank.keys()) expect(folders, f).toContain(f);
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.filter((e) => !files.has(e.to)).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('every folder is in a layer', () => {
    expect([...new Set([...files].map(folderOf))].filter((f) => !rank.has(f))).toEqual([]);
  });

  it('has no arrow back up', () => {
    const up = edges
      .filter((e) => folderOf(e.from) !== folderOf(e.to))
      .filter((e) => rank.get(folderOf(e.to))! > rank.get(folderOf(e.from))!)
      .map((e) => `${e.from} → ${e.to}`);
    expect(up).toEqual([]);
  });

  it('enters another folder only through its index.ts (or a light *-entry.ts beside it)', () => {
    const door = (to: string) => to === `${folderOf(to)}/index.ts` || /^[a-z]+\/[a-z-]+-entry\.ts$/.test(to);
    const bypass = edges
      .filter((e) => folderOf(e.from) !== folderOf(e.to) && !door(e.to))
      .map((e) => `${e.from} → ${e.to}`);
    expect(bypass).toEqual([]);
  });

  it('has no cycle between modules', () => {
    const next = new Map<string, string[]>();
    for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    expect(cycles(files, (n) => next.get(n) ?? [])).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const next = new Map<string, Set<string>>();
    for (const e of edges) {
      const [a, b] = [folderOf(e.from), folderOf(e.to)];
      if (a !== b) next.set(a, (next.get(a) ?? new Set()).add(b));
    }
    expect(cycles(rank.keys(), (n) => next.get(n) ?? [])).toEqual([]);
  });
});
