// `goroutine-guard check` end to end on a live service: testdata/go/check is built, run on 127.0.0.1, driven so
// its two runtime leaks happen, and its goroutine dump captured over HTTP. The CLI then joins that dump with a scan
// of the source, and the three lists must be exactly: the GG001 in /price (confirmed both ways), the interface
// leak in the orders package (dynamic only), and the dead GG004 ticker loop (static only).

import { join } from 'node:path';
import { Ajv } from 'ajv';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDocument } from '../../src/check/present.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/go.js';
import { buildShop, captureDump, drive, expectedSites, lists, SHOP, startShop, type RunningShop } from './shop.js';

const root = join(import.meta.dirname, '../..');
const shopRel = SHOP.slice(root.length + 1);

let t: ReturnType<typeof tempDir>;
let shop: RunningShop;
let dump: string;

beforeAll(async () => {
  t = tempDir('gg-check-');
  const bin = await buildShop(SHOP, join(t.dir, 'shop'));
  shop = await startShop(bin);
  await drive(shop.url);
  dump = join(t.dir, 'goroutines.txt');
  await captureDump(shop.url, dump);
});

afterAll(() => {
  shop?.stop();
  t?.cleanup();
});

async function checkJson(...args: string[]): Promise<{ code: number; doc: CheckDocument; stderr: string }> {
  const r = await runCli(['check', shopRel, '--format', 'json', ...args], { cwd: root });
  expect(r.stderr).toBe('');
  return { code: r.code, doc: JSON.parse(r.stdout) as CheckDocument, stderr: r.stderr };
}

describe('check on a live dump', () => {
  it('puts each leak in its list, exactly', async () => {
    const { code, doc } = await checkJson('--dump', dump);
    expect(lists(doc)).toEqual(expectedSites(root, shopRel));
    expect(code).toBe(1);

    const [confirmed] = doc.confirmed;
    expect(confirmed!.count).toBe(12);
    expect(confirmed!.evidence).toBe('suspected');
    expect(confirmed!.match).toBe('exact');
    expect(confirmed!.confidence).toBe('high');
    expect(confirmed!.static.explanation).toMatch(/nobody will receive/);
    expect(confirmed!.dynamic[0]!.finding.state).toBe('chan send');

    const [only] = doc.dynamicOnly;
    expect(only!.suspect.finding.count).toBe(12);
    expect(only!.suspect.mappedBy).toBe('tree');
    expect(only!.confidence).toBe('medium');
    expect(only!.why[0]).toContain('`go n.Notify(o)`');
    expect(only!.why[0]).toMatch(/interface .*several implementations in the package \(\*AuditLog, LogNotifier\)/);
    expect(only!.why[1]).toContain('`a.entries` is a struct field');

    expect(doc.staticOnly[0]!.seenInFunction).toBe(0);
    // The clean janitor goroutine waits in a select: a `possible` suspect, below the default --min-evidence.
    expect(doc.summary.hidden).toBe(1);
    expect(doc.unmapped).toEqual([]);
  });

  it('prints the lists as text, markdown and SARIF with the confidence', async () => {
    const text = await runCli(['check', shopRel, '--dump', dump], { cwd: root });
    expect(text.code).toBe(1);
    const sites = expectedSites(root, shopRel);
    expect(text.stdout).toContain('Confirmed both ways (1)');
    expect(text.stdout).toContain(`GG001 ${sites.confirmed[0]!.split(' ')[1]} send on \`quote\``);
    expect(text.stdout).toContain('live: 12 goroutines in chan send (suspected)');
    expect(text.stdout).toContain('Dynamic only (1)');
    expect(text.stdout).toMatch(/nearest rule: GG001 send on a channel/);
    expect(text.stdout).toContain('Static only (1)');
    expect(text.stdout).toContain('no goroutine was in main.startLegacySync.func1');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(
      '1 confirmed · 1 dynamic only · 1 static only · 1 weaker suspect hidden (--min-evidence possible lists them)',
    );

    const md = await runCli(['check', shopRel, '--dump', dump, '--format', 'markdown'], { cwd: root });
    expect(md.stdout).toContain('**1 confirmed** both ways · **1 dynamic only** · 1 static only');
    expect(md.stdout).toMatch(/\| GG001 \| `[^`]*handlers\.go:\d+` \| 12 in chan send \| suspected \|/);
    expect(md.stdout).toContain('`<-time.After(s.priceTimeout)`');

    const sarif = await runCli(['check', shopRel, '--dump', dump, '--format', 'sarif'], { cwd: root });
    const log = JSON.parse(sarif.stdout) as {
      runs: { results: { ruleId: string; rank: number; level: string; properties: Record<string, unknown> }[] }[];
    };
    const results = log.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.properties.check, r.properties.confidence, r.level, r.rank])).toEqual([
      ['GG001', 'confirmed', 'high', 'error', 95],
      ['GG001', 'dynamic-only', 'medium', 'warning', 60],
      ['GG004', 'static-only', 'low', 'note', 20],
    ]);
    expect(validator()(log)).toBe(true);
  });

  it('reads the dump straight from the pprof endpoint', async () => {
    const { doc } = await checkJson('--dump', `${shop.url}/debug/pprof/`);
    expect(lists(doc)).toEqual(expectedSites(root, shopRel));
    expect(doc.sources[0]!.source).toBe(`${shop.url}/debug/pprof/`);
  });

  it('exits by --fail-on and lists weaker suspects with --min-evidence possible', async () => {
    expect((await checkJson('--dump', dump, '--fail-on', 'none')).code).toBe(0);
    expect((await checkJson('--dump', dump, '--fail-on', 'confirmed')).code).toBe(1);
    const strict = await checkJson('--dump', dump, '--min-evidence', 'confirmed', '--fail-on', 'dynamic');
    expect(strict.doc.dynamicOnly).toEqual([]);
    expect(strict.doc.summary.hidden).toBe(2);
    expect(strict.code).toBe(1); // the confirmed GG001 still fails the run
    const all = await checkJson('--dump', dump, '--min-evidence', 'possible');
    const janitor = all.doc.dynamicOnly.find((d) => d.suspect.site?.func === 'main.(*stockCache).janitor');
    expect(janitor?.suspect.finding.evidence).toBe('possible');
    expect(janitor?.why[0]).toContain('returns on `case <-ctx.Done():`: a worker waiting by design');
    // Turning the rule off moves the confirmed leak to dynamic only, and says why.
    const off = await checkJson('--dump', dump, '--disable', 'GG001');
    expect(off.doc.confirmed).toEqual([]);
    expect(off.doc.dynamicOnly.map((d) => d.why[0])).toContain('rule GG001 is disabled in this run');
  });

  it('reads a directory of dumps as a series: growth makes the evidence confirmed', async () => {
    const dir = join(t.dir, 'series');
    mkdirSync(dir);
    // A never-falling count is growth beyond chance only after about 8 samples (1 order in 8! = 40,320).
    for (let i = 0; i < 8; i++) {
      await drive(shop.url, 2);
      const now = Date.now();
      await captureDump(
        shop.url,
        join(dir, `goroutine_${Math.floor(now / 1000)}.${String(now % 1000).padStart(3, '0')}.txt`),
      );
    }
    const { doc } = await checkJson('--dump', dir);
    expect(lists(doc)).toEqual(expectedSites(root, shopRel));
    expect(doc.confirmed[0]!.evidence).toBe('confirmed');
    expect(doc.confirmed[0]!.count).toBe(12 + 8 * 2);
    expect(doc.dynamicOnly[0]!.suspect.finding.evidence).toBe('confirmed');
    expect(doc.dynamicOnly[0]!.confidence).toBe('high');
  });

  it('prints which capture a directory holds as a note, not a warning', async () => {
    const dir = join(t.dir, 'capture');
    const cap = await runCli(['capture', shop.url, '-o', dir, '-q'], { cwd: root });
    expect(cap.code).toBe(0);
    const sarif = await runCli(['check', shopRel, '--dump', dir, '-f', 'sarif'], { cwd: root });
    expect(sarif.stderr).not.toMatch(/warning: .*capture of/);
    expect(sarif.stderr).toMatch(
      /^goroutine-guard: note: .*: capture of http:\/\/127\.0\.0\.1:\d+.* \(1 entries in index\.json\)$/m,
    );
    const json = await runCli(['check', shopRel, '--dump', dir, '-f', 'json'], { cwd: root });
    const doc = JSON.parse(json.stdout) as CheckDocument;
    expect(doc.warnings.filter((w) => w.includes('capture of'))).toEqual([]);
    expect(doc.notes).toEqual([expect.stringMatching(/: capture of http:/)]);
    const text = await runCli(['check', shopRel, '--dump', dir], { cwd: root });
    expect(text.stdout).toMatch(/^note: .*: capture of http:/m);
    expect(text.stdout).not.toMatch(/^warning: .*capture of/m);
  });

  it('rejects a run without dynamic evidence and a missing dump with one line', async () => {
    const none = await runCli(['check', shopRel], { cwd: root });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^goroutine-guard: .*no dynamic evidence given.*\n$/);
    const missing = await runCli(['check', shopRel, '--dump', 'no/such/dump.txt'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('no/such/dump.txt');
  });
});

function validator() {
  const schema = JSON.parse(
    readFileSync(join(root, 'testdata/static/sarif-schema/sarif-schema-2.1.0.json'), 'utf8'),
  ) as Record<string, unknown> & { id: string };
  const { $schema: _s, id, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s));
  return ajv.compile({ ...rest, $id: id });
}
