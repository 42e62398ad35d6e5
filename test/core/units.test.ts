// The one duration parser and the one size parser, as flags, goroutine-guard.yaml and watch.yaml use them.

import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../src/core/units.js';

describe('parseDuration', () => {
  it('reads every unit, fractions and spaces; a bare number is milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration(' 30 s ')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('40')).toBe(40);
  });

  it('refuses what is not a duration, and a bare number where a unit is required', () => {
    for (const bad of ['soon', '', '-1s', '1w', '1e3', 's']) expect(parseDuration(bad), bad).toBeUndefined();
    expect(parseDuration('40', { requireUnit: true })).toBeUndefined();
    expect(parseDuration('40s', { requireUnit: true })).toBe(40_000);
  });
});

describe('parseSize', () => {
  it('reads SI (kB, MB, GB) and binary (KiB, MiB, GiB, and k, m, g) units in any case', () => {
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('10b')).toBe(10);
    expect(parseSize('500kB')).toBe(500_000);
    expect(parseSize('64MiB')).toBe(64 * 2 ** 20);
    expect(parseSize('64 mib')).toBe(64 * 2 ** 20);
    expect(parseSize('2g')).toBe(2 * 2 ** 30);
    expect(parseSize('1GB')).toBe(1e9);
    expect(parseSize('1.5KiB')).toBe(1536);
  });

  it('refuses what is not a size', () => {
    for (const bad of ['big', '', '-1', '1TB', '12 bytes', 'MiB']) expect(parseSize(bad), bad).toBeUndefined();
  });
});
