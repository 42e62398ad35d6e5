// One dump named on a command line (a file, `-` for stdin, or an http(s) URL) → an `Analysis`. The choice of path
// lives here, not in the CLI: a file goes to `analyzeFile` (worker threads for a large file), stdin and URLs stream
// through `analyzeDump`. A file that starts with an execution trace header goes to the trace reader (io/trace.ts).

import { analyzeDump, type Analysis } from '../analysis/index.js';
import type { BuildOptions } from '../static/index.js';
import { checkFile, isUrl, openInput, type InputOptions } from './input.js';
import { analyzeFile, type FileAnalyzeOptions } from './parallel.js';
import { analyzeTraceFile, isTraceFile } from './trace.js';

export interface AnalyzeInputOptions extends FileAnalyzeOptions, InputOptions, BuildOptions {}

/** Analyzes the dump `spec` names; `source` in reports is the path, `<stdin>` or the URL. */
export async function analyzeInput(spec: string, opts: AnalyzeInputOptions = {}): Promise<Analysis> {
  if (spec !== '-' && !isUrl(spec)) {
    await checkFile(spec);
    if (await isTraceFile(spec)) return analyzeTraceFile(spec, opts);
    return analyzeFile(spec, { ...opts, source: spec });
  }
  const opened = await openInput(spec, opts);
  return analyzeDump(opened.chunks, { ...opts, source: opened.source });
}
