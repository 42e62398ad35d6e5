// The scan result store: one JSON file per key under the cache directory, written atomically (temp file + rename),
// read back only when it parses and carries the key it was stored under. A damaged entry is a miss and is
// overwritten by the fresh result. Entries read are touched, and the store is pruned to a size bound, oldest
// first, after a scan that wrote to it.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const STORE_VERSION = 1;
/** Prune down to 3/4 of this when the store grows past it. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

interface Entry<T> {
  v: number;
  key: string;
  value: T;
}

export class ResultStore {
  wrote = 0;

  constructor(
    readonly dir: string,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  private file(kind: string, key: string): string {
    return path.join(this.dir, kind, key.slice(0, 2), `${key}.json`);
  }

  /** The value stored under `key`, or null (absent, damaged, or of another format). */
  get<T>(kind: string, key: string, valid: (v: unknown) => v is T): T | null {
    const f = this.file(kind, key);
    let e: Partial<Entry<unknown>>;
    try {
      e = JSON.parse(readFileSync(f, 'utf8')) as Partial<Entry<unknown>>;
    } catch {
      return null;
    }
    if (typeof e !== 'object' || e === null || e.v !== STORE_VERSION || e.key !== key || !valid(e.value)) return null;
    try {
      const now = new Date();
      utimesSync(f, now, now);
    } catch {
      // Read-only cache: still a hit.
    }
    return e.value;
  }

  put(kind: string, key: string, value: unknown): void {
    const entry: Entry<unknown> = { v: STORE_VERSION, key, value };
    try {
      writeAtomic(this.file(kind, key), JSON.stringify(entry));
      this.wrote++;
    } catch {
      // A cache that cannot be written costs speed, never the scan.
    }
  }

  /** Deletes the least recently used entries when the store holds more than its bound. */
  prune(): void {
    if (this.wrote === 0) return;
    const files: { p: string; size: number; mtime: number }[] = [];
    const walk = (d: string) => {
      let entries;
      try {
        entries = readdirSync(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else {
          try {
            const st = statSync(p);
            files.push({ p, size: st.size, mtime: st.mtimeMs });
          } catch {
            // Removed by another scan meanwhile.
          }
        }
      }
    };
    walk(this.dir);
    let total = files.reduce((n, f) => n + f.size, 0);
    if (total <= this.maxBytes) return;
    files.sort((a, b) => a.mtime - b.mtime);
    for (const f of files) {
      if (total <= (this.maxBytes * 3) / 4) break;
      rmSync(f.p, { force: true });
      total -= f.size;
    }
  }
}

/** Writes `text` to `file` through a temp file and a rename, so readers never see half a file. */
export function writeAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
