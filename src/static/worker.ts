// Worker-thread entry: loads the Go grammar once, then answers package jobs from the scan's pool.

import { parentPort } from 'node:worker_threads';
import { createGoParser } from './go/parser.js';
import { runJob, type JobRequest } from './package-job.js';

const port = parentPort;
if (port) {
  const parser = createGoParser();
  port.on('message', (req: JobRequest) => {
    parser
      .then((p) => runJob(req, p))
      .then((res) => port.postMessage(res))
      .catch((e: unknown) => port.postMessage({ id: req.id, error: (e as Error)?.stack ?? String(e) }));
  });
}
