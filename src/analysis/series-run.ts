// Series from bytes: parses and analyzes each sample (skipping, with a reason, the ones that cannot be used) and
// feeds the SeriesBuilder. No file or network access here: each input brings its own `open`.

import { GuardError } from '../core/index.js';
import type { DumpInput, ParseOptions } from '../profile/index.js';
import type { Analysis } from './analyze.js';
import { analyzeDump } from './run.js';
import { SeriesBuilder } from './series.js';
import type { SeriesAnalysis, SeriesOptions } from './series-types.js';

/** One sample of a series: where its bytes come from and, when known, when it was taken. */
export interface SeriesInput {
  source: string;
  /** Milliseconds since the epoch; falls back to the time a protobuf profile records, then `fallbackTime`. */
  time?: number;
  /** Used when neither `time` nor the profile gives one (e.g. a file's mtime). */
  fallbackTime?: number;
  /** The sample's bytes; not called for a sample known to be missing (`missing`). */
  open?: () => DumpInput | Promise<DumpInput>;
  /** Why the sample is missing (a failed capture): it is reported as skipped. */
  missing?: string;
}

/**
 * Parses and analyzes every sample, skipping (and reporting) the ones that cannot be used, then computes the
 * series. Throws a GuardError only when no sample is valid. Parse options (e.g. the `maxBytes` cap) apply to each sample.
 */
export async function analyzeSeries(
  inputs: readonly SeriesInput[],
  opts: SeriesOptions & ParseOptions = {},
): Promise<SeriesAnalysis> {
  const builder = new SeriesBuilder(opts);
  const untimed: string[] = [];
  for (const [i, input] of inputs.entries()) {
    if (input.missing !== undefined || !input.open) {
      builder.skip(input.source, input.missing ?? 'no data', input.time);
      continue;
    }
    let a: Analysis;
    try {
      a = await analyzeDump(await input.open(), { ...opts, source: input.source });
    } catch (e) {
      if (!(e instanceof GuardError)) throw e;
      builder.skip(input.source, e.message, input.time);
      continue;
    }
    if (a.info.truncated && !opts.partialOk) {
      builder.skip(input.source, `truncated dump (${a.info.complete} complete goroutines)`, input.time);
      continue;
    }
    let time = input.time ?? a.info.time?.getTime() ?? input.fallbackTime;
    if (time === undefined) {
      untimed.push(input.source);
      time = i * 1000;
    }
    builder.add(a, time);
  }
  const s = builder.finish();
  if (untimed.length) {
    s.warnings.push(`no time known for ${untimed.join(', ')}: rates assume 1 s between samples`);
  }
  return s;
}
