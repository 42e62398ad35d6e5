#!/usr/bin/env node
// Prometheus for the fleet tests (test/watch/fleet.test.ts, remote-write.test.ts): Debian's `prometheus` package.
// `npm test` calls ensurePrometheus() before vitest, so a fresh machine needs nothing but `npm install && npm test`;
// `node scripts/prometheus.mjs` does the same on its own (before a bare `npx vitest run test/watch/fleet.test.ts`).
import { pathToFileURL } from 'node:url';
import { aptGetFromEnv, ensureDebianBinary } from './debian.mjs';

/** Where test/watch/fleet.test.ts runs it from. */
export const PROMETHEUS = '/usr/bin/prometheus';

export function ensurePrometheus(log = (s) => process.stderr.write(`${s}\n`), prometheus = PROMETHEUS, machine = {}) {
  // Its recommends (node-exporter and friends) are services the test does not need.
  return ensureDebianBinary(prometheus, 'prometheus', {
    why: 'the fleet tests need it',
    log,
    recommends: false,
    ...machine,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensurePrometheus(undefined, PROMETHEUS, { aptGet: aptGetFromEnv() }));
  } catch (e) {
    console.error(`prometheus: ${e.message}`);
    process.exitCode = 1;
  }
}
