// Dump-parsing benchmark harness for goroutine-guard: parse + bucket one file, streamed from disk, and print one
// JSON line with the same fields as the Go peers (bench/parse/peers/internal/report), so run.sh can compare them.
//
//   node bench/parse/ours.mjs [--mode stream|parse|collect] [--similarity loose|exact] <dump-file>
//
// Modes:
//   stream   analyzeDump(file stream)        the product path (`goroutine-guard analyze`): parse, bucket, rank
//   parse    streamDump(file stream, no-op)  parsing alone, to split the cost between parser and analysis
//   collect  parseDump(file stream) → analyze  the simple library API: every goroutine kept in memory first
//
// GG_DIST overrides the built library to import (default: <repo>/dist/index.js).

import { createReadStream, statSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.GG_DIST ?? resolve(here, '../../dist/index.js');
const lib = await import(pathToFileURL(dist).href);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'stream' },
    similarity: { type: 'string', default: 'loose' },
    'chunk-kib': { type: 'string', default: '1024' },
  },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: ours.mjs [--mode stream|parse|collect] [--similarity loose|exact] <dump-file>\n');
  process.exit(2);
}
const file = positionals[0];
const highWaterMark = Number(values['chunk-kib']) * 1024;
const source = () => createReadStream(file, { highWaterMark });
const opts = { source: file, similarity: values.similarity, exactArgs: values.similarity === 'exact' };

// Peak RSS is VmHWM (the kernel's high-water mark). In stream mode parse and bucketing interleave, so
// parseSeconds = seconds.
const start = process.hrtime.bigint();
let parsedAt = start;
let goroutines = 0;
let buckets = -1;
let suspects = -1;
let warnings = 0;

if (values.mode === 'stream') {
  const a = await lib.analyzeDump(source(), opts);
  parsedAt = process.hrtime.bigint();
  goroutines = a.totals.goroutines;
  buckets = a.totals.buckets;
  suspects = a.suspects.length;
  warnings = a.info.warnings.length;
} else if (values.mode === 'parse') {
  let n = 0;
  const info = await lib.streamDump(source(), (g) => (n += g.count), opts);
  parsedAt = process.hrtime.bigint();
  goroutines = n;
  warnings = info.warnings.length;
} else if (values.mode === 'collect') {
  const dump = await lib.parseDump(source(), opts);
  parsedAt = process.hrtime.bigint();
  const a = lib.analyze(dump, opts);
  goroutines = a.totals.goroutines;
  buckets = a.totals.buckets;
  suspects = a.suspects.length;
  warnings = dump.info.warnings.length;
} else {
  process.stderr.write(`ours.mjs: unknown --mode ${values.mode}\n`);
  process.exit(2);
}

const end = process.hrtime.bigint();
const result = {
  tool: `ours-${values.mode}`,
  file,
  bytes: statSync(file).size,
  goroutines,
  buckets,
  seconds: Number(end - start) / 1e9,
  parseSeconds: Number(parsedAt - start) / 1e9,
  peakRssKiB: vmHWM(),
  suspects,
  warnings,
};
process.stdout.write(JSON.stringify(result) + '\n');

function vmHWM() {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : -1;
}
