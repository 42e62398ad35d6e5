// Worker thread for io/parallel.ts: parses and buckets one byte range of a dump file and posts the partial
// analysis (buckets and counts) back. Errors travel as data; the main thread turns them into a GuardError.

import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzer } from '../analysis/index.js';
import { isGuardError } from '../core/index.js';
import { streamDump } from '../profile/index.js';
import type { PartJob, PartResult } from './parallel.js';

async function run(job: PartJob): Promise<PartResult> {
  try {
    const analyzer = createAnalyzer({ similarity: job.similarity });
    const stream = createReadStream(job.path, { start: job.start, end: job.end - 1, highWaterMark: 1 << 20 });
    const info = await streamDump(stream, (g) => analyzer.add(g), { source: job.source });
    return { ok: true, partial: analyzer.partial(), info };
  } catch (e) {
    if (isGuardError(e)) {
      const offset = e.position.offset === undefined ? undefined : e.position.offset + job.start;
      return { ok: false, kind: e.kind, detail: e.detail, offset, expected: e.expected };
    }
    return { ok: false, kind: 'io', detail: (e as Error).message, offset: undefined, expected: undefined };
  }
}

if (parentPort) {
  const port = parentPort;
  void run(workerData as PartJob).then((r) => port.postMessage(r));
}
