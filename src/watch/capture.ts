// Triggered captures: when an alert fires, save the target's full tracebacks (debug=2) and, when served, its
// goroutineleak profile to disk, so the on-call engineer has the stacks of that very moment.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetConfig } from './config-model.js';
import { getToFile } from '../io/index.js';
import type { Capture } from './types.js';

export interface CaptureOptions {
  dir: string;
  maxBytes: number;
  timeout: number;
  /** Also fetch the goroutineleak profile. */
  leak: boolean;
  now: number;
  alertId?: number;
}

/** A file-system-safe form of a target name. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'target';
}

export function profileUrl(t: TargetConfig, path: string, debug: number): string {
  const u = new URL(t.url + path);
  if (!u.searchParams.has('debug')) u.searchParams.set('debug', String(debug));
  return u.toString();
}

export async function captureProfiles(t: TargetConfig, o: CaptureOptions): Promise<Omit<Capture, 'id'>[]> {
  const dir = join(o.dir, safeName(t.name));
  await mkdir(dir, { recursive: true });
  const stamp = new Date(o.now).toISOString().replace(/[:.]/g, '-');
  const jobs: { kind: Capture['kind']; url: string }[] = [
    { kind: 'goroutine-debug2', url: profileUrl(t, t.profilePath, 2) },
  ];
  if (o.leak) jobs.push({ kind: 'goroutineleak-debug2', url: profileUrl(t, t.leakProfilePath, 2) });
  return Promise.all(
    jobs.map(async (j) => {
      const path = join(dir, `${stamp}-${o.alertId ?? 0}-${j.kind}.txt`);
      const c: Omit<Capture, 'id'> = { target: t.name, t: o.now, kind: j.kind, path, bytes: 0 };
      if (o.alertId !== undefined) c.alertId = o.alertId;
      try {
        c.bytes = await getToFile(j.url, path, {
          timeoutMs: o.timeout,
          maxBytes: o.maxBytes,
          headers: t.headers,
        });
      } catch (e) {
        c.error = (e as Error).message;
      }
      return c;
    }),
  );
}
