// The small contracts of capture: which URL a user may give, file names and the times they carry, what counts as a
// profile response, and the CLI's usage errors for series arguments.

import { describe, expect, it } from 'vitest';
import {
  notAProfile,
  profileBase,
  profileUrl,
  redactUrl,
  sampleFileName,
  stampFromName,
} from '../../src/io/capture.js';
import { cli } from './servers.js';

describe('profileBase', () => {
  it.each([
    ['http://127.0.0.1:6060', 'http://127.0.0.1:6060/debug/pprof/'],
    ['http://127.0.0.1:6060/debug/pprof', 'http://127.0.0.1:6060/debug/pprof/'],
    ['http://127.0.0.1:6060/debug/pprof/', 'http://127.0.0.1:6060/debug/pprof/'],
    ['http://127.0.0.1:6060/debug/pprof/goroutine?debug=2', 'http://127.0.0.1:6060/debug/pprof/'],
    ['https://h.example/admin/pprof/goroutineleak?debug=1&token=t', 'https://h.example/admin/pprof/?token=t'],
    ['http://h/internal/pprof', 'http://h/internal/pprof/'],
  ])('%s → %s', (spec, base) => {
    expect(profileBase(spec)).toBe(base);
  });

  it('keeps other query parameters on the profile URL and drops credentials from names', () => {
    expect(profileUrl('https://h.example/admin/pprof/?token=t', 'goroutine', 0)).toBe(
      'https://h.example/admin/pprof/goroutine?token=t&debug=0',
    );
    expect(redactUrl('http://user:pw@h:1/debug/pprof/')).toBe('http://h:1/debug/pprof/');
  });

  it('rejects what is not an http(s) URL', () => {
    expect(() => profileBase('ftp://h/debug/pprof/')).toThrow(/unsupported scheme ftp:/);
    expect(() => profileBase('localhost:6060')).toThrow(/unsupported scheme localhost:|not a valid URL/);
  });
});

describe('file names', () => {
  const t = Date.UTC(2026, 0, 1, 0, 0, 0, 250);
  it('are <name>_<unix>.<ext>, with milliseconds only when the second is taken', () => {
    const taken = new Set<string>();
    const a = sampleFileName('goroutine', t, 0, taken);
    taken.add(a);
    const b = sampleFileName('goroutine', t + 500, 0, taken);
    taken.add(b);
    const c = sampleFileName('goroutine', t + 500, 0, taken);
    expect([a, b, c]).toEqual([
      'goroutine_1767225600.pb.gz',
      'goroutine_1767225600.750.pb.gz',
      'goroutine_1767225600.750-2.pb.gz',
    ]);
    expect(sampleFileName('goroutineleak', t, 2, new Set())).toBe('goroutineleak_1767225600.txt');
  });

  it('sort in time order with sub-second intervals (every name carries milliseconds)', () => {
    const taken = new Set<string>();
    const names: string[] = [];
    for (const dt of [0, 250, 500, 750, 1000, 1250]) {
      const n = sampleFileName('goroutine', t - 250 + dt, 0, taken, true);
      taken.add(n);
      names.push(n);
    }
    expect(names[0]).toBe('goroutine_1767225600.000.pb.gz');
    expect([...names].sort()).toEqual(names);
    expect(names.map((n) => stampFromName(n)! - names.map((x) => stampFromName(x)!)[0]!)).toEqual([
      0, 250, 500, 750, 1000, 1250,
    ]);
  });

  it('give their time back', () => {
    expect(stampFromName('/x/goroutine_1767225600.pb.gz')).toBe(1767225600000);
    expect(stampFromName('goroutine_1767225600.750.txt')).toBe(1767225600750);
    expect(stampFromName('goroutine_1767225600.750-2.txt')).toBe(1767225600750);
    expect(stampFromName('dump.txt')).toBeUndefined();
  });
});

describe('notAProfile', () => {
  const b = (s: string) => Buffer.from(s);
  it('accepts gzip and goroutine text, names HTML and anything else', () => {
    expect(notAProfile(Buffer.from([0x1f, 0x8b, 8, 0]), 'application/octet-stream')).toBeUndefined();
    expect(notAProfile(b('goroutine profile: total 3\n'), 'text/plain')).toBeUndefined();
    expect(notAProfile(b('goroutine 1 [running]:\n'), 'text/plain')).toBeUndefined();
    expect(notAProfile(b('goroutineleak profile: total 0\n'), 'text/plain')).toBeUndefined();
    expect(notAProfile(b('<html><body>x</body></html>'), 'text/plain')).toMatch(/HTML page/);
    expect(notAProfile(b('{"error":"nope"}'), 'application/json')).toBe(
      'the response is not a goroutine profile (it starts with "{"error":"nope"}")',
    );
  });
});

describe('series arguments', () => {
  it('are usage errors when they cannot form a series', async () => {
    const a = await cli('analyze', 'testdata/dumps/go1.26/all.debug2.txt', '--samples', '3');
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--samples: applies to a URL; a directory or file list is already a series/);
    const b = await cli('analyze', 'http://127.0.0.1:1/debug/pprof/', 'testdata/dumps/go1.26/all.debug2.txt');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/a series is one URL with --samples N, or dump files and directories/);
    const c = await cli('analyze', 'testdata/dumps/go1.26/all.debug2.txt', 'no/such/file.txt');
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/no\/such\/file\.txt: no such file or directory/);
  });
});
