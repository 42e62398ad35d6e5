// Cache keys of the two engines. A key hashes everything the result depends on; anything left out would let a
// stale result through, anything extra only costs a re-run.

import { createHash } from 'node:crypto';
import type { PackageResult } from '../engine.js';
import type { JobRequest } from '../package-job.js';
import { codeHash, type ScanCache } from './index.js';

/**
 * Key of one fast-engine package job: the tool's code, the job's settings (rules, go version, import path,
 * working directory for the paths in findings, size limit) and each file's path and content. Null when a file
 * cannot be read (the job then runs, and reports why).
 */
export function fastKey(req: JobRequest, cache: ScanCache): string | null {
  const { id: _id, files, ...settings } = req;
  const h = createHash('sha256')
    .update('fast\0')
    .update(codeHash(cache.codeFiles))
    .update('\0')
    .update(JSON.stringify(settings));
  for (const f of files) {
    const sum = cache.hashes.hashSync(f);
    if (!sum) return null;
    h.update('\0').update(f).update('\0').update(sum);
  }
  return h.digest('hex');
}

export function isPackageResult(v: unknown): v is PackageResult {
  const o = v as Partial<PackageResult> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    Array.isArray(o.findings) &&
    Array.isArray(o.warnings) &&
    typeof o.files === 'number' &&
    typeof o.lines === 'number'
  );
}
