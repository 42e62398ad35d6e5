// The SARIF we write must validate against the official SARIF 2.1.0 schema (vendored, see
// testdata/static/sarif-schema/NOTICE.md), for static findings from a real scan and for a dynamic-style finding.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { renderSarif, sarifLog } from '../../src/report/sarif.js';
import { DEEP_ONLY, RULES, sarifRules, scanSource } from '../../src/static/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(
  readFileSync(path.join(root, 'testdata/static/sarif-schema/sarif-schema-2.1.0.json'), 'utf8'),
);

function validator() {
  // The schema is draft-04 in spirit; ajv (draft-07) accepts it once the draft-04 `$schema` and `id` are mapped.
  const { $schema: _s, id, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The three formats the schema uses, checked with the platform's URL parser rather than another dependency.
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s));
  return ajv.compile({ ...rest, $id: id });
}

const rules = sarifRules();

describe('sarifLog / renderSarif', () => {
  const validate = validator();

  it('writes valid SARIF 2.1.0 for real static findings', async () => {
    const file = path.join(root, 'testdata/static/GG001/bad/timeout.go');
    const { findings } = await scanSource(readFileSync(file, 'utf8'), 'GG001/bad/timeout.go', {
      importPath: 'example.com/bad',
    });
    expect(findings.length).toBe(3);
    const opts = { toolName: 'goroutine-guard', toolVersion: '0.1.0', rules, srcRoot: '/work/x' };
    const log = sarifLog(findings, opts);
    // The renderer is the log as two-space JSON with a final newline.
    expect(renderSarif(findings, opts)).toBe(`${JSON.stringify(log, null, 2)}\n`);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = (
      log as unknown as {
        runs: {
          results: {
            ruleId: string;
            relatedLocations?: unknown[];
            locations: { physicalLocation: { region: { startLine: number } } }[];
          }[];
          tool: { driver: { rules: { id: string }[] } };
        }[];
      }
    ).runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      ...RULES.map((r) => r.meta.id),
      ...DEEP_ONLY.map((r) => r.id),
    ]);
    expect(run.results.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual(
      findings.map((f) => f.location!.line),
    );
    expect(run.results.every((r) => r.relatedLocations?.length === 1)).toBe(true);
  });

  it('writes valid SARIF for dynamic findings without a catalogue rule and with absolute paths', () => {
    const f: Finding = {
      origin: 'dynamic',
      ruleId: 'GG000',
      title: 'goroutines piling up',
      message: '1200 goroutines blocked in chan receive at worker.go:12',
      severity: 'warning',
      evidence: 'suspected',
      count: 1200,
      location: { file: '/src/app/worker.go', line: 12, func: 'main.worker' },
      createdAt: { file: '/src/app/main.go', line: 30 },
      fingerprint: 'abc123',
    };
    const log = sarifLog([f], { toolName: 'goroutine-guard', toolVersion: '0.1.0' });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what the schema rejects (the validator is live)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    const bad = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'm' } }] }],
    };
    expect(validate(bad)).toBe(false);
  });
});
