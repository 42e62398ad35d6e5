// Builds, runs and drives testdata/go/check (the "shop" service with three planted leaks) and captures its goroutine
// dump over 127.0.0.1, the way a user would: the check tests join these live dumps with a scan of the source.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import type { CheckDocument } from '../../src/check/present.js';
import { goBuild, TESTDATA } from '../helpers/go.js';

export const SHOP = join(TESTDATA, 'go', 'check');

export interface RunningShop {
  url: string;
  proc: ChildProcess;
  stop(): void;
}

/** Copies the service to `dir` (another "machine": another build directory) and returns the copy's root. */
export function copyShop(dir: string): string {
  cpSync(SHOP, dir, { recursive: true });
  return dir;
}

/** Inserts `n` comment lines after the package clause of `file`, so every line below moves down by `n`. */
export function shiftLines(file: string, n: number): void {
  const src = readFileSync(file, 'utf8');
  const i = src.indexOf('\n', src.indexOf('\npackage ') + 1) + 1 || src.indexOf('\n') + 1;
  writeFileSync(file, src.slice(0, i) + '// moved\n'.repeat(n) + src.slice(i));
}

export async function buildShop(moduleDir: string, out: string, trimpath = false): Promise<string> {
  return goBuild(moduleDir, '.', out, trimpath ? { GOFLAGS: '-trimpath' } : {});
}

export function startShop(bin: string, args: string[] = []): Promise<RunningShop> {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`shop did not start: ${err}`));
    }, 30_000);
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, proc, stop: () => proc.kill('SIGKILL') });
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`shop exited with ${code}: ${err}`)));
  });
}

/** GET on a fresh connection (agent: false): each request gets its own server goroutine, as from many clients. */
export function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}

/** Traffic that triggers both runtime leaks `per` times each, plus clean requests. */
export async function drive(url: string, per = 12): Promise<void> {
  for (let i = 0; i < per; i++) {
    const slow = await get(`${url}/price?sku=plum${i}`);
    if (slow.status !== 504) throw new Error(`/price on an unknown SKU: ${slow.status} ${slow.body}`);
    const order = await get(`${url}/order?sku=pear`);
    if (order.status !== 200) throw new Error(`/order: ${order.status} ${order.body}`);
    await get(`${url}/price?sku=apple`);
    await get(`${url}/stock`);
  }
  // The catalog answers unknown SKUs after 100 ms; only then do the /price goroutines block on their send.
  await new Promise((r) => setTimeout(r, 500));
}

/** `/debug/pprof/goroutine?debug=2` of the running service, written to `file`. */
export async function captureDump(url: string, file: string): Promise<string> {
  const r = await get(`${url}/debug/pprof/goroutine?debug=2`);
  if (r.status !== 200) throw new Error(`pprof: ${r.status}`);
  writeFileSync(file, r.body);
  return r.body;
}

/** 1-based line of the first line of `file` containing `text` (the tests name sites by their code, not numbers). */
export function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text));
  if (i === -1) throw new Error(`${text} not in ${file}`);
  return i + 1;
}

/**
 * The sites the tests expect, found in the source by their code. Confirmed and static-only items are in the tree's
 * lines; a dynamic-only item is where the dump saw it, so its lines come from the source the binary was built from.
 */
export function expectedSites(root: string, dir: string, builtFrom = join(root, dir)) {
  const abs = join(root, dir);
  return {
    confirmed: [
      `GG001 ${dir}/handlers.go:${lineOf(join(abs, 'handlers.go'), 'quote <- s.catalog.lookup(sku)')} ` +
        `started ${dir}/handlers.go:${lineOf(join(abs, 'handlers.go'), 'go func() {')}`,
    ],
    dynamicOnly: [
      `GG001 ${dir}/orders/audit.go:${lineOf(join(builtFrom, 'orders/audit.go'), 'a.entries <- o')} ` +
        `started ${dir}/orders/orders.go:${lineOf(join(builtFrom, 'orders/orders.go'), 'go n.Notify(o)')}`,
    ],
    staticOnly: [`GG004 ${dir}/legacy.go:${lineOf(join(abs, 'legacy.go'), 'for range t.C')}`],
  };
}

/** The three lists as `RULE file:line started file:line` strings (a confirmed item in the static finding's lines). */
export function lists(doc: CheckDocument) {
  return {
    confirmed: doc.confirmed.map(
      (c) =>
        `${c.ruleId} ${c.static.location!.file}:${c.static.location!.line} ` +
        `started ${c.static.createdAt!.file}:${c.static.createdAt!.line}`,
    ),
    dynamicOnly: doc.dynamicOnly.map(
      (d) =>
        `${d.nearestRule} ${d.suspect.site!.file}:${d.suspect.site!.line} ` +
        `started ${d.suspect.createdAt!.file}:${d.suspect.createdAt!.line}`,
    ),
    staticOnly: doc.staticOnly.map(
      (s) => `${s.finding.ruleId} ${s.finding.location!.file}:${s.finding.location!.line}`,
    ),
  };
}
