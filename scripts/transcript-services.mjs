// The live parts of doc transcripts (scripts/transcripts.mjs): real Go services from testdata built with the Go on
// PATH and started on a free 127.0.0.1 port, a webhook sink, plain GETs, and a capture driven in lockstep with the
// load so each sample holds a known number of leaked goroutines whatever the machine's speed.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, get as httpGet } from 'node:http';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Builds `pkg` in `dir` (relative to `root`) into `tmp` and starts it; resolves once it prints its address
 * (`listening on ADDR` or `listening http://ADDR`). The service listens on 127.0.0.1:0 (its default).
 */
export async function startService(root, tmp, { dir, pkg = '.', args = [], env = {} }) {
  const bin = join(tmp, 'service');
  const genv = { ...process.env, ...env };
  const built = spawnSync('go', ['build', '-o', bin, pkg], { cwd: join(root, dir), env: genv, encoding: 'utf8' });
  if (built.error || built.status !== 0) {
    throw new Error(`go build ${pkg} in ${dir} failed: ${built.error?.message ?? built.stderr.trim()}`);
  }
  const child = spawn(bin, args, { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  let out = '';
  try {
    const addr = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${dir}: no "listening" line in 60 s: ${out}`)), 60_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening (?:on )?(?:http:\/\/)?(\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code) => reject(new Error(`${dir}: the service exited (${code}) before listening: ${out}`)));
    });
    return { addr, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

/** GET over a fresh connection (no keep-alive, so no idle server-side connection goroutine stays behind). */
export function get(url) {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url}: no answer in 30 s`)));
  });
}

/**
 * Waits until the service's goroutine profile stops moving (two equal readings 150 ms apart): goroutines a request
 * started have reached the point where they block, and closed connections have gone.
 */
export async function settle(addr, { timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  // The whole debug=1 profile, not only its total: on a loaded machine a goroutine can still be runnable (not yet
  // at its blocking site) while the total already holds still, and the capture then shows 398 of 400 at the site.
  let last = '';
  while (Date.now() < deadline) {
    const { body } = await get(`http://${addr}/debug/pprof/goroutine?debug=1`);
    if (body === last) return Number(/^goroutine profile: total (\d+)/.exec(body)?.[1] ?? -1);
    last = body;
    await sleep(150);
  }
  throw new Error(`${addr}: the goroutine profile did not settle in ${timeoutMs / 1000} s`);
}

/** An HTTP server on 127.0.0.1:0 that answers 200 to anything and keeps the request bodies. */
export async function startHookSink() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(body);
      res.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * `samples` captures of `url` into `out`, one `capture --samples 1` each (capture appends to its directory), at
 * least `intervalMs` apart; before each one `load(i)` runs and the service settles, so sample i holds exactly the
 * goroutines the first i+1 loads leaked. `run(args)` runs the CLI and rejects on failure.
 */
export async function captureInLockstep(run, { addr, url, out, samples, intervalMs, load }) {
  let next = Date.now();
  for (let i = 0; i < samples; i++) {
    await load(i);
    await settle(addr);
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    next = Date.now() + intervalMs;
    await run(['capture', url, '--out', out, '--samples', '1', '--debug', '2', '--no-leak-profile', '--quiet']);
  }
}
