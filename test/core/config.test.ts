import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/core/config.js';
import { GuardError } from '../../src/core/errors.js';

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
    expect(e.message).toBe('/p/goroutine-guard.json:3: unknown key "sacn"; expected one of scan, ignore, test, watch');
    expect(error(() => parseConfig('ignore:\n  funcs: [a]\n', 'c.yaml')).message).toMatch(
      /c\.yaml:2: unknown key "ignore\.funcs"/,
    );
    expect(error(() => parseConfig('scan:\n  failOn: fatal\n', 'c.yaml')).message).toMatch(
      /must be a severity; expected error, warning, note or none/,
    );
    expect(error(() => parseConfig('scan:\n  rules: GG001\n', 'c.yaml')).message).toMatch(
      /"scan\.rules" must be a list of strings/,
    );
    expect(error(() => parseConfig('ignore:\n  regex: ["("]\n', 'c.yaml')).message).toMatch(/bad regular expression/);
    expect(error(() => parseConfig('scan: [\n', 'c.yaml')).kind).toBe('config');
    expect(error(() => parseConfig('{"scan": ', 'c.json')).message).toMatch(/^c\.json.*invalid JSON/);
  });

  it('finds the first config file in the directory, or none', async () => {
    const files: Record<string, string> = { '/w/goroutine-guard.json': '{"scan":{"disable":["GG009"]}}' };
    const fs = { readFile: async (p: string) => files[p] ?? null };
    expect((await loadConfig('/w', fs)).scan.disable).toEqual(['GG009']);
    expect(await loadConfig('/empty', fs)).toEqual({ file: null, scan: {}, ignore: {} });
    await expect(loadConfig('/w', fs, 'missing.yaml')).rejects.toThrow(/missing\.yaml: config file not found/);
  });
});
