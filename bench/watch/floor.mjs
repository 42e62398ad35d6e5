// The floor for the watch benchmark: fetch each URL once per interval (spread like watch spreads its targets) with
// the same HTTP client (undici fetch), read the body, and do nothing else. One stdout line per completed fetch.
//
//   node bench/watch/floor.mjs urls.json 10
/* global fetch */

import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const urls = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const intervalMs = Number(process.argv[3]) * 1000;
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

async function loop(url, offset) {
  await sleep(offset);
  while (!stopping) {
    const started = Date.now();
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      process.stdout.write('1\n');
    } catch {
      process.stdout.write('');
    }
    await sleep(Math.max(0, started + intervalMs - Date.now()));
  }
}

await Promise.all(urls.map((u, i) => loop(u, (i / urls.length) * intervalMs)));
process.exit(0);
