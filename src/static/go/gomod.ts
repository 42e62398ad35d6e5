// go.mod facts the rules depend on: the `go` directive (loop-variable semantics changed in 1.22, timer collection
// in 1.23) and the module path (import paths of findings, `ignore.packages`).

export interface GoVersion {
  major: number;
  minor: number;
}

export interface GoMod {
  modulePath: string | null;
  goVersion: GoVersion | null;
}

/** Used when no go.mod is found: the newest semantics, which report the fewest version-dependent findings. */
export const DEFAULT_GO_VERSION: GoVersion = { major: 1, minor: 26 };

export function parseGoMod(text: string): GoMod {
  let modulePath: string | null = null;
  let goVersion: GoVersion | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const mod = /^module\s+"?([^\s"]+)"?$/.exec(line);
    if (mod) modulePath = mod[1]!;
    const go = /^go\s+(\d+)\.(\d+)/.exec(line);
    if (go) goVersion = { major: Number(go[1]), minor: Number(go[2]) };
  }
  return { modulePath, goVersion };
}

/** Parses `1.22`, `go1.22`, `1.22.3`. */
export function parseGoVersion(s: string): GoVersion | null {
  const m = /^(?:go)?(\d+)\.(\d+)/.exec(s.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
}

export function goAtLeast(v: GoVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export function formatGoVersion(v: GoVersion): string {
  return `go${v.major}.${v.minor}`;
}
