// Applies the config's shared `ignore` section (functions, regex, packages) to static findings, by the function
// name the finding carries (`net/http.(*Server).Serve`, the same spelling as a goroutine dump's frames).

import type { IgnoreConfig } from '../core/index.js';
import type { Finding } from '../model/index.js';

export function ignoreFilter(cfg: IgnoreConfig): (f: Finding) => boolean {
  const functions = new Set(cfg.functions ?? []);
  const regex = (cfg.regex ?? []).map((r) => new RegExp(r));
  const packages = cfg.packages ?? [];
  return (f) => {
    const fn = f.location?.func;
    if (!fn) return false;
    if (functions.has(fn) || functions.has(fn.replace(/\.func\d+(\.\d+)*$/, ''))) return true;
    if (regex.some((re) => re.test(fn))) return true;
    const pkg = packageOf(fn);
    return packages.some((p) => pkg === p || pkg.startsWith(`${p}/`));
  };
}

/** `example.com/a/b.(*T).M.func1` → `example.com/a/b`. */
export function packageOf(func: string): string {
  const slash = func.lastIndexOf('/');
  const dot = func.indexOf('.', slash + 1);
  return dot === -1 ? func : func.slice(0, dot);
}
