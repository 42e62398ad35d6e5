// Content hashes of source files, remembered by stat: a file whose size, mtime, ctime and inode are what they
// were when it was last hashed is not read again (git's index does the same). The index is one JSON file per scan
// (keyed by the scan's roots); a file changed within the racy window of its last hashing is always read again,
// so an edit in the same clock tick as the hash cannot hide.

import { createHash } from 'node:crypto';
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { writeAtomic } from './store.js';

/** [size, mtimeNs, ctimeNs, ino, sha256 prefix]. */
type IndexEntry = [string, string, string, string, string];

interface IndexFile {
  v: number;
  files: Record<string, IndexEntry>;
}

const INDEX_VERSION = 1;
/** Files modified this close to the moment they were hashed are not trusted by stat next time. */
const RACY_NS = 2_000_000_000n;

export class FileHashes {
  private readonly known = new Map<string, IndexEntry>();
  private readonly fresh = new Map<string, IndexEntry>();
  private changed = false;
  /** Files read and hashed this run (the rest came from the index). */
  read = 0;

  private constructor(private readonly indexPath: string | null) {}

  /** Loads the index at `indexPath` (a missing or damaged index is an empty one); null = keep nothing. */
  static load(indexPath: string | null): FileHashes {
    const h = new FileHashes(indexPath);
    if (!indexPath) return h;
    try {
      const v = JSON.parse(readFileSync(indexPath, 'utf8')) as Partial<IndexFile>;
      if (v.v === INDEX_VERSION && v.files && typeof v.files === 'object') {
        for (const [p, e] of Object.entries(v.files)) {
          if (Array.isArray(e) && e.length === 5 && e.every((x) => typeof x === 'string')) h.known.set(p, e);
        }
      }
    } catch {
      // No index yet, or a damaged one: every file is hashed from its content.
    }
    return h;
  }

  /** sha256 of the file's bytes (hex prefix), or null when it cannot be read. */
  hashSync(abs: string): string | null {
    let st: BigIntStats;
    try {
      st = statSync(abs, { bigint: true });
    } catch {
      return null;
    }
    const hit = this.lookup(abs, st);
    if (hit) return hit;
    try {
      return this.record(abs, st, readFileSync(abs));
    } catch {
      return null;
    }
  }

  private lookup(abs: string, st: BigIntStats): string | null {
    const e = this.fresh.get(abs) ?? this.known.get(abs);
    if (!e || e[0] !== String(st.size) || e[1] !== String(st.mtimeNs) || e[2] !== String(st.ctimeNs)) return null;
    if (e[3] !== String(st.ino)) return null;
    this.fresh.set(abs, e);
    return e[4];
  }

  private record(abs: string, st: BigIntStats, bytes: Buffer): string {
    this.read++;
    const sum = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
    const now = BigInt(Date.now()) * 1_000_000n;
    const racy = now - st.mtimeNs < RACY_NS || now - st.ctimeNs < RACY_NS;
    // A racy entry keeps a size of -1: it never matches, so the file is read again next time.
    const size = racy ? '-1' : String(st.size);
    this.fresh.set(abs, [size, String(st.mtimeNs), String(st.ctimeNs), String(st.ino), sum]);
    this.changed = true;
    return sum;
  }

  /** Writes the entries used this run (entries of files no longer scanned drop out). */
  save(): void {
    if (!this.indexPath) return;
    if (!this.changed && this.fresh.size === this.known.size) return;
    const files: Record<string, IndexEntry> = {};
    for (const [p, e] of this.fresh) files[p] = e;
    const body: IndexFile = { v: INDEX_VERSION, files };
    writeAtomic(this.indexPath, JSON.stringify(body));
  }
}
