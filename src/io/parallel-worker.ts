// Worker thread for io/parallel.ts: parses and buckets one byte range of a dump file and posts the partial
// analysis (buckets and counts) back. Errors travel as data; the main thread turns them into a GuardError.

import { parentPort, workerData } from 'node:worker_threads';
import { analyzePart, type PartJob } from './parallel.js';

if (parentPort) {
  const port = parentPort;
  void analyzePart(workerData as PartJob).then((r) => port.postMessage(r));
}
