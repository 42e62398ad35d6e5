// Dumps from "another machine": the service is copied to another build directory (and built with -trimpath, or
// with its lines moved by an edit) and run from there. Its dump names files the checked-out tree does not have;
// `check` must map them by module path, --trim-prefix and suffix matching, and still match the moved lines within
// their functions, giving exactly the same three lists.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDocument } from '../../src/check/present.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/go.js';
import {
  buildShop,
  captureDump,
  copyShop,
  drive,
  expectedSites,
  lists,
  SHOP,
  shiftLines,
  startShop,
  type RunningShop,
} from './shop.js';

const root = join(import.meta.dirname, '../..');
const shopRel = SHOP.slice(root.length + 1);

let t: ReturnType<typeof tempDir>;
const running: RunningShop[] = [];
let trimpathDump: string;
let movedDump: string;
let movedDir: string;

/** Builds the copy at `dir`, runs it, drives it and captures a dump to `file`. */
async function dumpFrom(dir: string, file: string, trimpath: boolean): Promise<string> {
  const bin = await buildShop(dir, join(t.dir, `shop-${running.length}`), trimpath);
  const shop = await startShop(bin);
  running.push(shop);
  await drive(shop.url);
  const text = await captureDump(shop.url, file);
  shop.stop();
  return text;
}

beforeAll(async () => {
  t = tempDir('gg-check-machines-');
  trimpathDump = join(t.dir, 'trimpath.txt');
  await dumpFrom(copyShop(join(t.dir, 'ci', 'workspace', 'shop-build')), trimpathDump, true);
  movedDir = copyShop(join(t.dir, 'home', 'dev', 'src', 'shop-v2'));
  shiftLines(join(movedDir, 'handlers.go'), 3);
  shiftLines(join(movedDir, 'orders', 'orders.go'), 2);
  movedDump = join(t.dir, 'moved.txt');
  await dumpFrom(movedDir, movedDump, false);
});

afterAll(() => {
  for (const s of running) s.stop();
  t?.cleanup();
});

async function check(...args: string[]): Promise<CheckDocument> {
  const r = await runCli(['check', shopRel, '--format', 'json', ...args], { cwd: root });
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout) as CheckDocument;
}

describe('dumps from another build directory', () => {
  it('maps -trimpath paths (module path + file) into the tree', async () => {
    const doc = await check('--dump', trimpathDump);
    expect(lists(doc)).toEqual(expectedSites(root, shopRel));
    const [confirmed] = doc.confirmed;
    // The dump's own paths are the module's, not the tree's: the mapping did the work.
    expect(confirmed!.dynamic[0]!.finding.location!.file).toBe('example.com/shop/handlers.go');
    expect(confirmed!.dynamic[0]!.mappedBy).toBe('module');
    expect(confirmed!.match).toBe('exact');
    expect(doc.dynamicOnly[0]!.suspect.finding.location!.file).toBe('example.com/shop/orders/audit.go');
    expect(doc.unmapped).toEqual([]);
  });

  it('maps a build directory named by --trim-prefix, and matches lines that moved within their function', async () => {
    const doc = await check('--dump', movedDump, '--trim-prefix', movedDir);
    expect(lists(doc)).toEqual(expectedSites(root, shopRel, movedDir));
    const [confirmed] = doc.confirmed;
    expect(confirmed!.dynamic[0]!.finding.location!.file).toBe(join(movedDir, 'handlers.go'));
    expect(confirmed!.dynamic[0]!.mappedBy).toBe('trim-prefix');
    expect(confirmed!.match).toBe('drift');
    expect(confirmed!.drift).toBe(3);
    expect(confirmed!.dynamic[0]!.createdAt!.line).toBe(confirmed!.static.createdAt!.line + 3);
    // The dynamic-only leak's `go` statement moved by 2 lines in the dump; it is reported where the dump saw it.
    expect(doc.dynamicOnly[0]!.suspect.mappedBy).toBe('trim-prefix');
  });

  it('finds the same files by package path and file-name suffix without --trim-prefix', async () => {
    const doc = await check('--dump', movedDump);
    expect(lists(doc)).toEqual(expectedSites(root, shopRel, movedDir));
    expect(doc.confirmed[0]!.dynamic[0]!.mappedBy).toBe('suffix');
    expect(doc.dynamicOnly[0]!.suspect.mappedBy).toBe('package');
  });

  it('does not confirm a finding when the line moved farther than --drift allows', async () => {
    const doc = await check('--dump', movedDump, '--drift', '2');
    expect(doc.confirmed).toEqual([]);
    expect(doc.dynamicOnly.map((d) => d.nearestRule)).toEqual(['GG001', 'GG001']);
    expect(doc.staticOnly.map((s) => s.finding.ruleId)).toEqual(['GG001', 'GG004']);
  });
});
