// Where goroutine-guard keeps what it can rebuild (the deep helper binary, scan results, `go list` answers):
// $GOROUTINE_GUARD_CACHE, else $XDG_CACHE_HOME/goroutine-guard, else ~/.cache/goroutine-guard.

import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.GOROUTINE_GUARD_CACHE) return env.GOROUTINE_GUARD_CACHE;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'goroutine-guard');
}
