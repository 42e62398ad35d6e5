// Every rule against its own Go cases, typescript-eslint style: each bad case marks the lines a finding must be
// reported on with a trailing `// want GG0nn`, and good cases must produce nothing. Lines are compared exactly.
// The go.mod nearest to a case sets the Go version the rule assumes, as it does in a real scan. Messages and columns
// are held too: every finding's column points at code on its line, and each rule's findings on its bad cases, as
// `file:line:column: message`, match test/static/findings/GG0nn.txt (UPDATE_GOLDEN=1 rewrites those files).

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATTERNS } from '../../src/model/patterns.js';
import { DEFAULT_GO_VERSION, formatGoVersion, parseGoMod } from '../../src/static/go/gomod.js';
import { DEEP_ONLY, RULES, scanSource } from '../../src/static/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const casesDir = path.join(root, 'testdata/static');
const findingsDir = path.join(import.meta.dirname, 'findings');

function goVersionFor(file: string): string {
  for (let dir = path.dirname(file); dir.startsWith(casesDir); dir = path.dirname(dir)) {
    const mod = path.join(dir, 'go.mod');
    if (existsSync(mod)) {
      const v = parseGoMod(readFileSync(mod, 'utf8')).goVersion;
      if (v) return formatGoVersion(v);
    }
  }
  return formatGoVersion(DEFAULT_GO_VERSION);
}

function goFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? goFiles(path.join(dir, e.name)) : e.name.endsWith('.go') ? [path.join(dir, e.name)] : [],
  );
}

/** `line:GG0nn` for every `// want` marker. */
function expected(source: string): string[] {
  const out: string[] = [];
  source.split('\n').forEach((line, i) => {
    const m = /\/\/ want ((?:GG\d{3}\s*)+)$/.exec(line);
    if (m) for (const id of m[1]!.trim().split(/\s+/)) out.push(`${i + 1}:${id}`);
  });
  return out.sort();
}

describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id) => {
  const bad = goFiles(path.join(casesDir, id, 'bad'));
  const good = goFiles(path.join(casesDir, id, 'good'));

  it('has bad and good cases', () => {
    expect(bad.length).toBeGreaterThan(0);
    expect(good.length).toBeGreaterThan(0);
    expect(bad.flatMap((f) => expected(readFileSync(f, 'utf8'))).length).toBeGreaterThan(0);
  });

  it.each(bad.map((f) => [path.relative(casesDir, f), f]))('reports exactly the marked lines in %s', async (_n, f) => {
    const source = readFileSync(f, 'utf8');
    const { findings, warnings } = await scanSource(source, f, { rules: [id], goVersion: goVersionFor(f) });
    expect(warnings).toEqual([]);
    const got = findings.map((x) => `${x.location!.line}:${x.ruleId}`).sort();
    expect(got).toEqual(expected(source).filter((e) => e.endsWith(id)));
  });

  it('reports the expected messages at the expected columns', async () => {
    const got: string[] = [];
    for (const f of bad) {
      const source = readFileSync(f, 'utf8');
      const lines = source.split('\n');
      const { findings } = await scanSource(source, f, { rules: [id], goVersion: goVersionFor(f) });
      for (const x of findings) {
        const { line, column } = x.location!;
        expect(column, `${f}:${line}`).toBeGreaterThanOrEqual(1);
        expect(lines[line - 1]!.charAt(column! - 1), `${f}:${line}:${column} points at code`).toMatch(/\S/);
        got.push(`${path.relative(casesDir, f)}:${line}:${column}: ${x.message}`);
      }
    }
    const text = `${got.sort().join('\n')}\n`;
    const file = path.join(findingsDir, `${id}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(findingsDir, { recursive: true });
      writeFileSync(file, text);
    }
    expect(text, `${file} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
  });

  it.each(good.map((f) => [path.relative(casesDir, f), f]))('reports nothing in %s', async (_n, f) => {
    const source = readFileSync(f, 'utf8');
    const { findings } = await scanSource(source, f, { rules: [id], goVersion: goVersionFor(f) });
    expect(findings.map((x) => `${x.location!.line}: ${x.message}`)).toEqual([]);
  });
});

describe('rule registry', () => {
  it('registers rules in id order, each a known pattern with a doc page and complete meta', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(PATTERNS[r.meta.id]).toBeDefined();
      expect(r.meta.docs).toBe(`docs/rules/${r.meta.id}.md`);
      expect(existsSync(path.join(root, r.meta.docs)), r.meta.docs).toBe(true);
      expect(readFileSync(path.join(root, r.meta.docs), 'utf8').split('\n')[0]).toBe(`# ${r.meta.id}: ${r.meta.title}`);
      for (const k of ['title', 'explanation', 'fix'] as const) expect(r.meta[k].length).toBeGreaterThan(10);
      const modules = readdirSync(path.join(root, 'src/static/rules')).filter((f) => f.startsWith(`${r.meta.id}-`));
      expect(modules).toHaveLength(1);
    }
  });

  it('registers every rule file, and every registered rule has a file, a doc page and cases (both ways)', async () => {
    const files = readdirSync(path.join(root, 'src/static/rules')).filter((f) => /^GG\d{3}-.+\.ts$/.test(f));
    const fromFiles = await Promise.all(
      files.map(async (f) => {
        const mod = (await import(`../../src/static/rules/${f.replace(/\.ts$/, '.js')}`)) as { rule?: unknown };
        return { f, rule: mod.rule };
      }),
    );
    // Every rule file exports a `rule` that is in RULES (the same object), under the id its name starts with.
    for (const { f, rule } of fromFiles) {
      expect(RULES, `${f} is not registered in src/static/rules/index.ts`).toContain(rule);
      expect(f.startsWith(`${(rule as { meta: { id: string } }).meta.id}-`), f).toBe(true);
    }
    expect(fromFiles.map((x) => x.rule)).toHaveLength(RULES.length);
    // The deep engine's rules (analyzer/rules/gg0nn.go) have their doc pages and cases here too.
    const ids = [...new Set([...RULES.map((r) => r.meta.id), ...DEEP_ONLY.map((r) => r.id)])];
    const docs = readdirSync(path.join(root, 'docs/rules'))
      .filter((f) => /^GG\d{3}\.md$/.test(f))
      .map((f) => f.slice(0, 5));
    expect(docs.sort(), 'docs/rules/ has a page per rule and no page without one').toEqual([...ids].sort());
    const cases = readdirSync(casesDir).filter((f) => /^GG\d{3}$/.test(f));
    expect(cases.sort(), 'testdata/static/ has cases per rule and none without one').toEqual([...ids].sort());
  });

  it('covers at least 12 of the catalogue patterns', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(12);
  });
});
