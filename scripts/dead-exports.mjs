#!/usr/bin/env node
// Lists exports of src/ that no other module uses: `node scripts/dead-exports.mjs [--check]`.
//   dead               used nowhere at all, not even in its own file (delete it; --check exits 1)
//   export not needed  used only in its own file (not by src/, test/, bench/ or scripts/)
//   test-only          used outside its file only by tests
// Names re-exported by an index.ts count as used only when the index's importers use them, and the names in
// src/index.ts (the public API) are never listed. Word-based, so a name that appears in another file's text for
// another reason hides a dead export: the list is a lower bound, to be checked with grep before deleting.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== 'testdata') files(p, out);
    } else if (/\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const src = files(path.join(root, 'src'));
const others = ['test', 'bench', 'scripts']
  .map((d) => path.join(root, d))
  .filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  })
  .flatMap((d) => files(d));
const text = new Map([...src, ...others].map((f) => [f, readFileSync(f, 'utf8')]));

const declared = []; // { file, name }
for (const f of src) {
  if (path.basename(f) === 'index.ts') continue; // doors, not declarations
  const t = text.get(f);
  for (const m of t.matchAll(
    /^export\s+(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm,
  )) {
    declared.push({ file: f, name: m[1] });
  }
}

const publicApi = new Set(
  [...text.get(path.join(root, 'src/index.ts')).matchAll(/\b([A-Za-z_$][\w$]*)\b/g)].map((m) => m[1]),
);

function usedIn(name, file) {
  const re = new RegExp(`(^|[^\\w$'"/-])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'm');
  const hits = [];
  for (const [f, t] of text) {
    if (f === file) continue;
    // An index.ts re-exporting the name is a door, not a use: look at the rest of it.
    const body = path.basename(f) === 'index.ts' ? t.replace(/export\s*(type\s*)?\{[^}]*\}\s*from\s*'[^']+';/g, '') : t;
    if (re.test(body)) hits.push(f);
  }
  return hits;
}

const dead = [];
const local = [];
const testOnly = [];
for (const d of declared) {
  if (publicApi.has(d.name)) continue;
  const hits = usedIn(d.name, d.file);
  const rel = path.relative(root, d.file);
  const ownUses = text
    .get(d.file)
    .match(new RegExp(`(?<![\\w$])${d.name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g')).length;
  if (hits.length === 0) (ownUses > 1 ? local : dead).push(`${rel}: ${d.name}`);
  else if (hits.every((h) => !h.startsWith(path.join(root, 'src') + path.sep))) testOnly.push(`${rel}: ${d.name}`);
}

const show = (title, list) => {
  console.log(`${title} (${list.length}):`);
  for (const l of list.sort()) console.log(`  ${l}`);
};
show('dead: used nowhere, not even in its own file', dead);
show('export not needed: used only in its own file', local);
show('test-only: used outside its file only by tests/bench/scripts', testOnly);

// A stage's door (its index.ts) should export what other folders use, nothing more.
const wide = [];
for (const f of src) {
  if (path.basename(f) !== 'index.ts' || f === path.join(root, 'src/index.ts')) continue;
  const dir = path.dirname(f);
  const names = [...text.get(f).matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)].flatMap((m) =>
    m[1]
      .split(',')
      .map((x) =>
        x
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)
          .pop(),
      )
      .filter(Boolean),
  );
  for (const name of names) {
    const re = new RegExp(`(^|[^\\w$'"/-])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'm');
    const outside = [...text].filter(
      ([g, t]) => !g.startsWith(dir + path.sep) && g.startsWith(path.join(root, 'src')) && re.test(t),
    );
    if (outside.length === 0) wide.push(`${path.relative(root, f)}: ${name}`);
  }
}
show('door names no other folder of src/ uses (tests may)', wide);
if (process.argv.includes('--check') && dead.length) process.exitCode = 1;
