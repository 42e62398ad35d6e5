import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/core/config.js';
import { GuardError } from '../../src/core/errors.js';
import { testOptionsFromConfig } from '../../src/gotest/index.js';

function error(f: () => unknown): GuardError {
  try {
    f();
  } catch (e) {
    if (e instanceof GuardError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('config', () => {
  it('parses the scan and ignore sections and passes test/watch through', () => {
    const c = parseConfig(
      'scan:\n  rules: [GG001, GG002]\n  failOn: error\n  ignore: ["gen/**"]\nignore:\n  packages: [example.com/x]\ntest:\n  anything: 1\n',
      '/p/goroutine-guard.yaml',
    );
    expect(c.scan).toEqual({ rules: ['GG001', 'GG002'], failOn: 'error', ignore: ['gen/**'] });
    expect(c.ignore).toEqual({ packages: ['example.com/x'] });
    expect(c.test).toEqual({ anything: 1 });
  });

  it('rejects unknown keys and bad values with file, line and key', () => {
    const e = error(() => parseConfig('{\n  "scan": {},\n  "sacn": {}\n}\n', '/p/goroutine-guard.json'));
    expect(e.message).toBe(
      '/p/goroutine-guard.json:3: sacn: unknown key "sacn"; expected one of scan, ignore, test, watch',
    );
    expect(error(() => parseConfig('ignore:\n  funcs: [a]\n', 'c.yaml')).message).toMatch(
      /^c\.yaml:2: ignore\.funcs: unknown key "funcs"; expected one of functions, regex, packages$/,
    );
    expect(error(() => parseConfig('scan:\n  failOn: fatal\n', 'c.yaml')).message).toBe(
      'c.yaml:2: scan.failOn: must be one of error, warning, note, none',
    );
    expect(error(() => parseConfig('scan:\n  rules: GG001\n', 'c.yaml')).message).toBe(
      'c.yaml:2: scan.rules: must be a list of strings',
    );
    expect(error(() => parseConfig('ignore:\n  regex:\n    - ok\n    - "("\n', 'c.yaml')).message).toMatch(
      /^c\.yaml:4: ignore\.regex\[1\]: bad regular expression/,
    );
    expect(error(() => parseConfig('scan: [\n', 'c.yaml')).kind).toBe('config');
    expect(error(() => parseConfig('{"scan": ', 'c.json')).message).toMatch(/^c\.json.*invalid JSON/);
  });

  it('validates the test section with the same reader: file, line, key path and what was expected', () => {
    const config = parseConfig('ignore:\n  functions: [a.F]\ntest:\n  settle: 2s\n  setle: 1s\n', '/p/c.yaml');
    expect(error(() => testOptionsFromConfig(config)).message).toBe(
      '/p/c.yaml:5: test.setle: unknown key "setle"; expected one of settle, ancestors, leakProfile, defaultIgnores, stacks, ignoreTop, ignoreAny, ignoreCreatedBy, ignoreRegex',
    );
    const bad = parseConfig('test:\n  stacks: true\n  leakProfile: maybe\n', '/p/c.yaml');
    expect(error(() => testOptionsFromConfig(bad)).message).toBe(
      '/p/c.yaml:3: test.leakProfile: must be one of auto, on, off',
    );
    const slow = parseConfig('test:\n  settle: soon\n', '/p/c.yaml');
    expect(error(() => testOptionsFromConfig(slow)).message).toMatch(
      /^\/p\/c\.yaml:2: test\.settle: "soon" is not a duration; expected /,
    );
    const good = parseConfig('ignore:\n  functions: [a.F]\ntest:\n  settle: 250\n  ignoreTop: [b.G]\n', '/p/c.yaml');
    expect(testOptionsFromConfig(good)).toMatchObject({ settleMs: 250, ignoreTop: ['b.G'], ignoreAny: ['a.F'] });
  });

  it('finds the first config file in the directory, or none', async () => {
    const files: Record<string, string> = { '/w/goroutine-guard.json': '{"scan":{"disable":["GG009"]}}' };
    const fs = { readFile: async (p: string) => files[p] ?? null };
    expect((await loadConfig('/w', fs)).scan.disable).toEqual(['GG009']);
    expect(await loadConfig('/empty', fs)).toEqual({ file: null, scan: {}, ignore: {} });
    await expect(loadConfig('/w', fs, 'missing.yaml')).rejects.toThrow(/missing\.yaml: config file not found/);
  });
});
