// Where a series comes from on disk: a capture directory (its index.json), a directory of dump files, or a list of
// files. A sample's time is, in order: the capture index, the time in a capture file name (`_<unix>`), the time a
// debug=0 profile records, the file's modification time.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GuardError } from '../core/index.js';
import type { SeriesInput } from '../analysis/index.js';
import { INDEX_FILE, readCaptureIndex, stampFromName } from './capture.js';
import { openInput } from './input.js';

/** Files a directory without an index contributes: the extensions dumps are saved with. */
const DUMP_FILE = /\.(pb\.gz|gz|txt|pprof|prof|pb|dump|log|out|zip)$/i;

export interface SeriesFiles {
  inputs: SeriesInput[];
  notes: string[];
}

function fileInput(file: string, time?: number, mtime?: number): SeriesInput {
  const input: SeriesInput = {
    source: file,
    open: async () => (await openInput(file)).chunks,
  };
  const t = time ?? stampFromName(file);
  if (t !== undefined) input.time = t;
  if (mtime !== undefined) input.fallbackTime = mtime;
  return input;
}

async function statOf(file: string) {
  try {
    return await fs.stat(file, { bigint: false });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new GuardError('io', file, err.code === 'ENOENT' ? 'no such file or directory' : err.message);
  }
}

async function fromDirectory(dir: string, notes: string[]): Promise<SeriesInput[]> {
  const index = await readCaptureIndex(dir);
  if (index) {
    notes.push(`${dir}: capture of ${index.target} (${index.entries.length} entries in ${INDEX_FILE})`);
    return Promise.all(
      index.entries.map(async (e) => {
        const source = e.file ? path.join(dir, e.file) : `${dir} ${e.profile} #${e.seq}`;
        if (e.error || !e.file) return { source, time: e.unixMs, missing: e.error ?? 'no file recorded' };
        const exists = await fs.stat(source).then(
          () => true,
          () => false,
        );
        return exists
          ? fileInput(source, e.unixMs)
          : { source, time: e.unixMs, missing: `listed in ${INDEX_FILE} but missing` };
      }),
    );
  }
  const names = (await fs.readdir(dir)).filter((n) => !n.startsWith('.') && DUMP_FILE.test(n)).sort();
  const inputs: SeriesInput[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    const st = await fs.stat(file);
    if (st.isFile()) inputs.push(fileInput(file, undefined, st.mtimeMs));
  }
  if (inputs.length === 0) {
    throw new GuardError('io', dir, 'no dump files in the directory', {}, `*.pb.gz, *.txt … or an ${INDEX_FILE}`);
  }
  return inputs;
}

/** Resolves the CLI's series arguments to samples (not read yet). */
export async function seriesFromPaths(specs: readonly string[]): Promise<SeriesFiles> {
  const notes: string[] = [];
  const inputs: SeriesInput[] = [];
  for (const spec of specs) {
    const st = await statOf(spec);
    if (st.isDirectory()) inputs.push(...(await fromDirectory(spec, notes)));
    else inputs.push(fileInput(spec, undefined, Number(st.mtimeMs)));
  }
  return { inputs, notes };
}
