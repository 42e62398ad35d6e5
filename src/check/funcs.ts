// Function names as Go prints them in stack traces (`example.com/shop/orders.(*AuditLog).Notify`,
// `main.(*server).price.func1`, `pkg.Map[...]`), compared across a static scan and a dump.

/** `example.com/a/b.(*T).M.func1` → `example.com/a/b`. */
export function packageOf(func: string): string {
  const slash = func.lastIndexOf('/');
  const dot = func.indexOf('.', slash + 1);
  return dot === -1 ? func : func.slice(0, dot);
}

/**
 * The name without the import path's directories and without type arguments: `orders.(*AuditLog).Notify`. A scan
 * without go.mod knows only the package name, and generic instantiations print `[...]` or the type list.
 */
export function shortFunc(func: string): string {
  const plain = func.replace(/\[[^\]]*\]/g, '');
  return plain.slice(plain.lastIndexOf('/') + 1);
}

/**
 * The name inside its package: `(*AuditLog).Notify`, `startLegacySync.func1`. A package main under `go test` is
 * printed with its import path (`example.com/shop.run`) but as `main.run` in the binary, so callers that already
 * know both names are in one file compare this part only.
 */
export function localFunc(func: string): string {
  const plain = func.replace(/\[[^\]]*\]/g, '');
  return plain.slice(packageOf(plain).length + 1);
}

/**
 * Whether two names (of functions in one file) are one function. `F.gowrap1` (Go ≥ 1.22 wrappers for `go f(x)`)
 * is F's own code.
 */
export function sameFunc(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return localFunc(a).replace(/\.gowrap\d+$/, '') === localFunc(b).replace(/\.gowrap\d+$/, '');
}

/** Key for "goroutines seen in this function": file name and local name, the same from a scan and a dump. */
export function funcKey(file: string, func: string): string {
  return `${file.slice(file.replace(/\\/g, '/').lastIndexOf('/') + 1)}|${localFunc(func)}`;
}

/** The declared function a closure belongs to: `main.(*server).price.func1.2` → `main.(*server).price`. */
export function outerFunc(func: string): string {
  return func.replace(/(\.(func|gowrap)\d+)(\.\d+)*$/, '');
}
