#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (built by `npm install` through the prepare script).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`goroutine-guard: internal error: ${err && err.message ? err.message : String(err)}`);
    process.exitCode = 3;
  },
);
