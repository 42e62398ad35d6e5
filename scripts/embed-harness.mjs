#!/usr/bin/env node
// Embeds the Go harness of `goroutine-guard test` into the build: src/gotest/harness.go (a real Go file, gofmt'd
// and vetted by test/gotest/harness.test.ts) becomes the string HARNESS_GO in src/gotest/harness-go.ts, so the
// built and bundled CLI needs no file next to it. `npm run build` runs this; the test fails when the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const GO_FILE = fileURLToPath(new URL('../src/gotest/harness.go', import.meta.url));
export const TS_FILE = fileURLToPath(new URL('../src/gotest/harness-go.ts', import.meta.url));

/** The TypeScript module text for the Go source `go`. */
export function embed(go) {
  const literal = go.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return (
    '// Generated from harness.go by scripts/embed-harness.mjs (`npm run build`); edit harness.go, not this file.\n\n' +
    `export const HARNESS_GO = \`${literal}\`;\n`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TS_FILE, embed(readFileSync(GO_FILE, 'utf8')));
}
