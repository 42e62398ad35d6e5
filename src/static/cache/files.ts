// Content hashes of source files, remembered by stat: a file whose size, mtime, ctime and inode are what they
// were when it was last hashed is not read again (git's index does the same). The index is one JSON file per scan
// (keyed by the scan's roots); a file changed within the racy window of its last hashing is always read again,
// so an edit in the same clock tick as the hash cannot hide. Times are the stat's milliseconds as doubles
// (sub-microsecond steps at today's dates): plain stats cost a third of BigInt ones, and a warm re-scan of a large
// tree is mostly stats.

import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { writeAtomic } from './store.js';

/** [size, mtimeMs, ctimeMs, ino, sha256 prefix]. */
type IndexEntry = [number, number, number, number, string];

interface IndexFile {
  v: number;
  files: Record<string, IndexEntry>;
}

const INDEX_VERSION = 2;
/** Files modified this close to the moment they were hashed are not trusted by stat next time. */
const RACY_MS = 2000;

export class FileHashes {
  /** The index as read (entries are checked when looked up: most are never needed one by one). */
  private known: Record<string, unknown> = {};
  private readonly fresh = new Map<string, IndexEntry>();
  private changed = false;
  /** Files read and hashed this run (the rest came from the index). */
  read = 0;
  /**
   * Keep the entries this run did not look up when saving. Set when the run looked at part of the tree only (a
   * narrow deep key): the next full walk then finds the rest by stat instead of reading it all again. A run
   * that walks everything leaves it false, so entries of deleted files drop out.
   */
  keepUnused = false;

  private constructor(private readonly indexPath: string | null) {}

  /** Loads the index at `indexPath` (a missing or damaged index is an empty one); null = keep nothing. */
  static load(indexPath: string | null): FileHashes {
    const h = new FileHashes(indexPath);
    if (!indexPath) return h;
    try {
      const v = JSON.parse(readFileSync(indexPath, 'utf8')) as Partial<IndexFile>;
      if (v.v === INDEX_VERSION && v.files && typeof v.files === 'object' && !Array.isArray(v.files)) {
        h.known = v.files;
      }
    } catch {
      // No index yet, or a damaged one: every file is hashed from its content.
    }
    return h;
  }

  /** sha256 of the file's bytes (hex prefix), or null when it cannot be read. */
  hashSync(abs: string): string | null {
    // Already known this run (both engines key the same files): the first look stands for the whole scan.
    const seen = this.fresh.get(abs);
    if (seen) return seen[4];
    let st: Stats | undefined;
    try {
      st = statSync(abs, { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (!st) return null;
    const hit = this.lookup(abs, st);
    if (hit) return hit;
    try {
      return this.record(abs, st, readFileSync(abs));
    } catch {
      return null;
    }
  }

  /** Whether this run has already hashed `abs` (what it saw then stands for the whole run). */
  seen(abs: string): boolean {
    return this.fresh.has(abs);
  }

  private lookup(abs: string, st: Stats): string | null {
    const e = Object.hasOwn(this.known, abs) ? this.known[abs] : undefined;
    if (!isEntry(e)) return null;
    if (e[0] !== st.size || e[1] !== st.mtimeMs || e[2] !== st.ctimeMs || e[3] !== st.ino) return null;
    this.fresh.set(abs, e);
    return e[4];
  }

  private record(abs: string, st: Stats, bytes: Buffer): string {
    this.read++;
    const sum = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
    const now = Date.now();
    const racy = now - st.mtimeMs < RACY_MS || now - st.ctimeMs < RACY_MS;
    // A racy entry keeps a size of -1: it never matches, so the file is read again next time.
    this.fresh.set(abs, [racy ? -1 : st.size, st.mtimeMs, st.ctimeMs, st.ino, sum]);
    this.changed = true;
    return sum;
  }

  /** Writes the entries used this run (entries of files no longer scanned drop out, unless keepUnused). */
  save(): void {
    // Nothing looked up (e.g. the code hash was already known in this process): keep the index as it is.
    if (!this.indexPath || this.fresh.size === 0) return;
    if (!this.changed && (this.keepUnused || this.fresh.size === Object.keys(this.known).length)) return;
    const files: Record<string, IndexEntry> = {};
    if (this.keepUnused) {
      for (const [p, e] of Object.entries(this.known)) if (isEntry(e)) files[p] = e;
    }
    for (const [p, e] of this.fresh) files[p] = e;
    const body: IndexFile = { v: INDEX_VERSION, files };
    writeAtomic(this.indexPath, JSON.stringify(body));
  }
}

function isEntry(e: unknown): e is IndexEntry {
  return (
    Array.isArray(e) &&
    e.length === 5 &&
    typeof e[0] === 'number' &&
    typeof e[1] === 'number' &&
    typeof e[2] === 'number' &&
    typeof e[3] === 'number' &&
    typeof e[4] === 'string'
  );
}
