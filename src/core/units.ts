// One parser for durations and one for sizes, used by command-line flags, goroutine-guard.yaml and watch.yaml.
// Both return undefined for text that is not one; the caller turns that into its own one-line error.

const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** What `parseDuration` accepts, for error messages. */
export const DURATION_EXAMPLES = 'e.g. 500ms, 30s, 5m, 1h, 7d';

/**
 * `500ms`, `1.5s`, `5m`, `1h`, `7d` → milliseconds (rounded). A bare number is milliseconds, unless `requireUnit`
 * (config files, where a bare number means the YAML number itself).
 */
export function parseDuration(text: string, opts: { requireUnit?: boolean } = {}): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m || (opts.requireUnit && !m[2])) return undefined;
  return Math.round(Number(m[1]) * DURATION_UNITS[(m[2] ?? 'ms') as keyof typeof DURATION_UNITS]);
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  kb: 1e3,
  kib: 2 ** 10,
  m: 2 ** 20,
  mb: 1e6,
  mib: 2 ** 20,
  g: 2 ** 30,
  gb: 1e9,
  gib: 2 ** 30,
};

/** What `parseSize` accepts, for error messages. */
export const SIZE_EXAMPLES = 'e.g. 64MiB, 500kB, 1GiB, 1048576';

/** `64MiB`, `1GiB`, `500kB` (SI), `2g` (binary), `4096` → bytes (rounded); case-insensitive. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const mult = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  return m && mult !== undefined ? Math.round(Number(m[1]) * mult) : undefined;
}
