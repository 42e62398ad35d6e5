// Dump-parsing benchmark harness for goroutine-guard: parse + bucket one file, streamed from disk, and print one
// JSON line with the same fields as the Go peers (bench/parse/peers/internal/report), so run.sh can compare them.
//
//   node bench/parse/ours.mjs [--mode file|stream|parse|collect] [--workers N] [--similarity loose|exact] [--chunk-kib N]
//                             [--mem-trace] <dump-file>
//
// Modes:
//   stream   analyzeDump(file stream)        the product path (`goroutine-guard analyze`): parse, bucket, rank
//   parse    streamDump(file stream, no-op)  parsing alone, to split the cost between parser and analysis
//   collect  parseDump(file stream) → analyze  the simple library API: every goroutine kept in memory first
//
// Input: the file is opened with the library's own `openInput` (the path `goroutine-guard analyze FILE` takes), so
// its read-chunk size is the product's; `--chunk-kib N` reads with N KiB chunks instead (to study chunk effects).
// GG_DIST overrides the built library to import (default: <repo>/dist/index.js).

import { createReadStream, statSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setInterval, clearInterval } from 'node:timers';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.GG_DIST ?? resolve(here, '../../dist/index.js');
const lib = await import(pathToFileURL(dist).href);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'stream' },
    similarity: { type: 'string', default: 'loose' },
    'chunk-kib': { type: 'string' },
    workers: { type: 'string' },
    'mem-trace': { type: 'boolean', default: false },
  },
});
if (positionals.length !== 1) {
  process.stderr.write(
    'usage: ours.mjs [--mode file|stream|parse|collect] [--workers N] [--similarity loose|exact] <dump-file>\n',
  );
  process.exit(2);
}
const file = positionals[0];
const chunkKiB = values['chunk-kib'];
const source = async () =>
  chunkKiB === undefined
    ? (await lib.openInput(file)).chunks
    : createReadStream(file, { highWaterMark: Number(chunkKiB) * 1024 });
const opts = { source: file, similarity: values.similarity, exactArgs: values.similarity === 'exact' };

// Peak RSS is VmHWM (the kernel's high-water mark). In stream mode parse and bucketing interleave, so
// parseSeconds = seconds.
const start = process.hrtime.bigint();
// --mem-trace: where the memory is, once a second on stderr (V8 heap vs buffers vs the rest of RSS).
const memTimer = values['mem-trace']
  ? setInterval(() => {
      const m = process.memoryUsage();
      const mib = (x) => (x / 1048576).toFixed(0);
      const t = (Number(process.hrtime.bigint() - start) / 1e9).toFixed(1);
      process.stderr.write(
        `mem t=${t}s rss=${mib(m.rss)} heapUsed=${mib(m.heapUsed)} heapTotal=${mib(m.heapTotal)} ` +
          `external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)} MiB\n`,
      );
    }, 1000)
  : undefined;
let parsedAt = start;
let goroutines = 0;
let buckets = -1;
let suspects = -1;
let warnings = 0;

if (values.mode === 'stream' || values.mode === 'file') {
  // file: what `goroutine-guard analyze FILE` runs — all cores for files ≥ 256 MiB unless --workers says otherwise.
  const a =
    values.mode === 'file'
      ? await lib.analyzeFile(file, { ...opts, workers: Number(values.workers ?? 0) })
      : await lib.analyzeDump(await source(), opts);
  parsedAt = process.hrtime.bigint();
  goroutines = a.totals.goroutines;
  buckets = a.totals.buckets;
  suspects = a.suspects.length;
  warnings = a.info.warnings.length;
} else if (values.mode === 'parse') {
  let n = 0;
  const info = await lib.streamDump(await source(), (g) => (n += g.count), opts);
  parsedAt = process.hrtime.bigint();
  goroutines = n;
  warnings = info.warnings.length;
} else if (values.mode === 'collect') {
  const dump = await lib.parseDump(await source(), opts);
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
if (memTimer) clearInterval(memTimer);
const result = {
  tool: `ours-${values.mode}${chunkKiB === undefined ? '' : `-${chunkKiB}k`}`,
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
