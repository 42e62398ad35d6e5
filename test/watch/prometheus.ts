// Debian's Prometheus for the fleet and remote-write tests (scripts/prometheus.mjs installs it when missing, as
// `npm test` does): started on 127.0.0.1 with a free port and its own storage directory, ready when /-/ready says so.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitUntil } from './helpers.js';

export const PROMETHEUS = '/usr/bin/prometheus';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(
  configFile: string,
  dir: string,
  flags: string[] = [],
): Promise<{ proc: ChildProcess; url: string }> {
  if (!existsSync(PROMETHEUS))
    throw new Error(
      `${PROMETHEUS} is missing: run node scripts/prometheus.mjs (it runs apt-get install prometheus as root)`,
    );
  let log = '';
  // A free port can be taken between the probe and Prometheus's bind: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const data = join(dir, `tsdb${attempt}`);
    mkdirSync(data, { recursive: true });
    const proc = spawn(
      PROMETHEUS,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${data}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...flags,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitUntil(
      async () => proc.exitCode !== null || (await fetch(`${url}/-/ready`)).ok,
      'Prometheus ready',
      30_000,
      100,
    ).catch(() => false);
    if (ready && proc.exitCode === null) return { proc, url };
    proc.kill('SIGKILL');
  }
  throw new Error(`Prometheus did not start: ${log.slice(-2000)}`);
}
