// No export of src/ is dead (used nowhere, not even in its own file): scripts/dead-exports.mjs --check.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('exports', () => {
  it('none is dead', () => {
    let out: string;
    try {
      out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/dead-exports.mjs'), '--check'], {
        encoding: 'utf8',
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout);
    }
    const dead = out.slice(0, out.indexOf('export not needed'));
    expect(dead).toBe('dead: used nowhere, not even in its own file (0):\n');
  }, 30_000);
});
