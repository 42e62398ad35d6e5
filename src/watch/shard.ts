// `watch --shard i/n`: which discovered targets this process scrapes. Rendezvous (highest-random-weight) hashing:
// every shard scores every target and the highest score owns it. Shards share nothing (each computes the same
// answer from the target's name alone), and when n grows to n+1 the only targets that move are those the new
// shard now wins; a target never moves between two shards that both stay.

import { GuardError } from '../core/index.js';

export interface Shard {
  /** 0-based index of this shard. */
  index: number;
  count: number;
}

/** Parses `i/n` (1-based on the command line: `--shard 1/2` and `--shard 2/2`). */
export function parseShard(text: string, source = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) {
    throw new GuardError('usage', source, `"${text}" is not a shard`, {}, 'i/n with 1 ≤ i ≤ n, e.g. 1/3');
  }
  return { index: i - 1, count: n };
}

/** 53-bit string hash (cyrb53): fast, well mixed, stable across processes and platforms. */
function hash53(s: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The shard (0-based) that owns `key` among `count` shards. */
export function shardOf(key: string, count: number): number {
  let best = 0;
  let bestScore = -1;
  for (let j = 0; j < count; j++) {
    const score = hash53(key, j);
    // Ties (vanishingly rare) go to the lower index, the same on every shard.
    if (score > bestScore) {
      best = j;
      bestScore = score;
    }
  }
  return best;
}

/** The items this shard owns, by their key (the target name). */
export function ownShare<T>(items: readonly T[], key: (t: T) => string, shard: Shard | undefined): T[] {
  if (!shard || shard.count === 1) return [...items];
  return items.filter((t) => shardOf(key(t), shard.count) === shard.index);
}
