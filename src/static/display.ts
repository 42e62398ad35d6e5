// Paths as findings and warnings show them. Its own module so the deep engine's result mapping does not load the
// fast engine's rules.

import path from 'node:path';

/** Relative to cwd when inside it, so findings read `pkg/file.go:12:3`. */
export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
}
