// The docs/walkthrough.md flow as a test: the dynamic evidence from the service's own tests (`check --test`), then
// testdata/go/check/fix.patch applied to a copy, and check again on a live dump and on the tests: nothing left.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDocument } from '../../src/check/present.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/go.js';
import { buildShop, captureDump, copyShop, drive, expectedSites, lists, SHOP, startShop } from './shop.js';

const root = join(import.meta.dirname, '../..');
const shopRel = SHOP.slice(root.length + 1);

let t: ReturnType<typeof tempDir>;
let fixed: string;

beforeAll(() => {
  t = tempDir('gg-check-fix-');
  fixed = copyShop(join(t.dir, 'shop'));
  execFileSync('git', ['apply', join(SHOP, 'fix.patch')], { cwd: fixed, timeout: 30_000 });
});

afterAll(() => t?.cleanup());

async function check(cwd: string, ...args: string[]): Promise<{ code: number; doc: CheckDocument }> {
  const r = await runCli(['check', '.', '--format', 'json', ...args], { cwd });
  return { code: r.code, doc: JSON.parse(r.stdout) as CheckDocument };
}

describe('check --test and the fix', () => {
  it('gets the same three lists from the service tests', async () => {
    const { code, doc } = await check(SHOP, '--test');
    const expected = expectedSites(root, shopRel);
    const local = (s: string) => s.replaceAll(`${shopRel}/`, '');
    expect(lists(doc)).toEqual({
      confirmed: expected.confirmed.map(local),
      dynamicOnly: expected.dynamicOnly.map(local),
      staticOnly: expected.staticOnly.map(local),
    });
    expect(doc.sources).toEqual([{ source: 'go test ./...', goroutines: 2, suspects: 2 }]);
    // A test leak names its test: the dynamic evidence says which test to run to see it again.
    expect(doc.confirmed[0]!.dynamic[0]!.finding.data?.test).toBe('TestPriceUnknownSKUTimesOut');
    expect(doc.dynamicOnly[0]!.suspect.finding.data?.test).toBe('TestOrder');
    expect(code).toBe(1);
  });

  it('finds nothing after fix.patch: no static finding, no live leak, no test leak', async () => {
    const scan = await runCli(['scan', './...'], { cwd: fixed });
    expect(scan.stdout).toMatch(/^0 findings/m);
    const bin = await buildShop(fixed, join(t.dir, 'shop-fixed'));
    const shop = await startShop(bin);
    try {
      await drive(shop.url);
      await captureDump(shop.url, join(t.dir, 'fixed.txt'));
    } finally {
      shop.stop();
    }
    const live = await check(fixed, '--dump', join(t.dir, 'fixed.txt'));
    expect(lists(live.doc)).toEqual({ confirmed: [], dynamicOnly: [], staticOnly: [] });
    expect(live.code).toBe(0);
    const tests = await check(fixed, '--test');
    expect(lists(tests.doc)).toEqual({ confirmed: [], dynamicOnly: [], staticOnly: [] });
    expect(tests.doc.sources[0]!.suspects).toBe(0);
    expect(tests.code).toBe(0);
  });
});
