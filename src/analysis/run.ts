// Parse + analyze in one streaming pass: memory grows with distinct stacks, not with the dump.

import { type DumpInput, type ParseOptions, streamDump } from '../profile/index.js';
import { createAnalyzer, type Analysis, type AnalyzeOptions } from './analyze.js';

export async function analyzeDump(input: DumpInput, opts: AnalyzeOptions & ParseOptions = {}): Promise<Analysis> {
  const analyzer = createAnalyzer(opts);
  const info = await streamDump(input, (g) => analyzer.add(g), opts);
  return analyzer.finish(info);
}
