// `--shard i/n`: the rendezvous hash's promises, checked as properties over random target names and shard
// counts: every target has exactly one owner, the share depends on the name alone, and a target moves only when
// n changes — and then only to a shard that is new.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownShare, parseShard, shardOf } from '../../src/watch/shard.js';

const names = fc.uniqueArray(
  fc.oneof(
    fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
    fc.string({ minLength: 1, maxLength: 40 }),
  ),
  { minLength: 1, maxLength: 200 },
);

describe('shard', () => {
  it('every target is owned by exactly one of n shards, whatever the list order', () => {
    fc.assert(
      fc.property(names, fc.integer({ min: 1, max: 12 }), (list, n) => {
        const shares = Array.from({ length: n }, (_, i) => ownShare(list, (x) => x, { index: i, count: n }));
        expect(shares.flat().sort()).toEqual([...list].sort());
        const reversed = Array.from({ length: n }, (_, i) =>
          ownShare([...list].reverse(), (x) => x, { index: i, count: n }),
        );
        shares.forEach((s, i) => expect([...reversed[i]!].sort()).toEqual([...s].sort()));
      }),
    );
  });

  it('a target moves only when n changes, and then only to an added shard (or off a removed one)', () => {
    fc.assert(
      fc.property(names, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (list, n, m) => {
        for (const t of list) {
          const a = shardOf(t, n);
          const b = shardOf(t, m);
          // Shards 0..min(n,m)-1 exist in both layouts: a target that stays among them never changes hands.
          if (a < Math.min(n, m) && b < Math.min(n, m)) expect(b).toBe(a);
          if (n === m) expect(b).toBe(a);
        }
      }),
    );
  });

  it('growing from n to n+1 moves about 1/(n+1) of the targets', () => {
    const list = Array.from({ length: 4000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.7:6060`);
    for (const n of [1, 2, 4, 9]) {
      const moved = list.filter((t) => shardOf(t, n) !== shardOf(t, n + 1)).length / list.length;
      expect(moved).toBeGreaterThan((1 / (n + 1)) * 0.8);
      expect(moved).toBeLessThan((1 / (n + 1)) * 1.2);
    }
  });

  it('parses i/n (1-based) and rejects anything else in one line', () => {
    expect(parseShard('2/3')).toEqual({ index: 1, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3'])
      expect(() => parseShard(bad)).toThrow(/^--shard: ".*" is not a shard; expected i\/n with 1 ≤ i ≤ n/);
  });
});
