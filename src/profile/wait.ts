// Wait reasons → classes (spec §2), and inferring a state from frames for the formats that do not print one
// (debug=1 and debug=0 carry stacks only).

import type { Frame, WaitClass } from '../model/index.js';

const EXACT: Record<string, WaitClass> = {
  'chan send': 'chan-send',
  'chan send (nil chan)': 'chan-send',
  'chan receive': 'chan-recv',
  'chan receive (nil chan)': 'chan-recv',
  'chan send or receive': 'chan',
  select: 'select',
  'select (no cases)': 'select',
  semacquire: 'sync',
  'sync.Cond.Wait': 'sync',
  'sync.Mutex.Lock': 'sync',
  'sync.RWMutex.RLock': 'sync',
  'sync.RWMutex.Lock': 'sync',
  'sync.WaitGroup.Wait': 'sync',
  'IO wait': 'io',
  sleep: 'sleep',
  syscall: 'syscall',
  running: 'running',
  runnable: 'runnable',
  // Runtime-internal waits: GC workers, finalizer, scavenger, trace reader… never a user leak.
  'GC assist marking': 'runtime',
  'GC assist wait': 'runtime',
  'GC sweep wait': 'runtime',
  'GC scavenge wait': 'runtime',
  'GC worker (idle)': 'runtime',
  'GC worker (active)': 'runtime',
  'GC mark termination': 'runtime',
  'GC weak to strong wait': 'runtime',
  'garbage collection': 'runtime',
  'garbage collection scan': 'runtime',
  'finalizer wait': 'runtime',
  'cleanup wait': 'runtime',
  'force gc (idle)': 'runtime',
  'GOMAXPROCS updater (idle)': 'runtime',
  'trace reader (blocked)': 'runtime',
  'wait for GC cycle': 'runtime',
  'dumping heap': 'runtime',
  'stopping the world': 'runtime',
  'flushing proc caches': 'runtime',
  'trace goroutine status': 'runtime',
  'trace proc status': 'runtime',
  'page trace flush': 'runtime',
  panicwait: 'runtime',
  'debug call': 'runtime',
  preempted: 'runnable',
  copystack: 'runnable',
  idle: 'runtime',
  dead: 'runtime',
};

/** Maps a printed wait reason or status to its class. Unknown reasons (a newer toolchain) are `other`. */
export function classifyState(state: string): WaitClass {
  const c = EXACT[state];
  if (c) return c;
  if (state.startsWith('chan send')) return 'chan-send';
  if (state.startsWith('chan receive')) return 'chan-recv';
  if (state.startsWith('select')) return 'select';
  if (state.startsWith('sync.') || state.startsWith('synctest.')) return 'sync';
  return 'other';
}

/** `(nil chan)` and `select (no cases)` can never be woken (spec §2). */
export function isNeverWakeable(state: string): boolean {
  return state.endsWith('(nil chan)') || state === 'select (no cases)';
}

/** Classes where a goroutine parked for good is a leak candidate. */
export const LEAK_PRONE: ReadonlySet<WaitClass> = new Set<WaitClass>([
  'chan-send',
  'chan-recv',
  'chan',
  'select',
  'sync',
]);

// Blocking functions visible in stacks, innermost first. Runtime frames (present in debug=0) name the exact
// operation; standard-library wrappers (the only ones debug=1 shows) name the primitive.
const BLOCKING_FUNCS: [prefix: string, state: string][] = [
  // The goroutine writing the profile is the one running.
  ['runtime/pprof.', 'running'],
  ['runtime.Stack', 'running'],
  ['runtime.chansend', 'chan send'],
  ['runtime.chanrecv', 'chan receive'],
  ['runtime.selectgo', 'select'],
  ['runtime.block', 'select (no cases)'],
  ['runtime.netpollblock', 'IO wait'],
  ['internal/poll.runtime_pollWait', 'IO wait'],
  ['runtime.timeSleep', 'sleep'],
  ['time.Sleep', 'sleep'],
  ['sync.runtime_notifyListWait', 'sync.Cond.Wait'],
  ['sync.(*Cond).Wait', 'sync.Cond.Wait'],
  ['sync.runtime_SemacquireWaitGroup', 'sync.WaitGroup.Wait'],
  ['sync.(*WaitGroup).Wait', 'sync.WaitGroup.Wait'],
  ['sync.(*RWMutex).RLock', 'sync.RWMutex.RLock'],
  ['sync.(*RWMutex).Lock', 'sync.RWMutex.Lock'],
  ['sync.runtime_SemacquireRWMutexR', 'sync.RWMutex.RLock'],
  ['sync.runtime_SemacquireRWMutex', 'sync.RWMutex.Lock'],
  ['internal/sync.runtime_SemacquireMutex', 'sync.Mutex.Lock'],
  ['sync.runtime_SemacquireMutex', 'sync.Mutex.Lock'],
  ['internal/sync.(*Mutex).lockSlow', 'sync.Mutex.Lock'],
  ['sync.(*Mutex).lockSlow', 'sync.Mutex.Lock'],
  ['sync.runtime_Semacquire', 'semacquire'],
  ['os/signal.signal_recv', 'chan receive'],
  ['syscall.Syscall', 'syscall'],
  ['syscall.RawSyscall', 'syscall'],
  ['internal/runtime/syscall.Syscall', 'syscall'],
  ['runtime.gcBgMarkWorker', 'GC worker (idle)'],
  ['runtime.bgsweep', 'GC sweep wait'],
  ['runtime.bgscavenge', 'GC scavenge wait'],
  ['runtime.runfinq', 'finalizer wait'],
  ['runtime.runCleanups', 'cleanup wait'],
  ['runtime.forcegchelper', 'force gc (idle)'],
];

/**
 * Infers a state from the frames of a stack-only profile. `hiddenRuntimeFrames` is the number of leading PCs that
 * debug=1 printed in its `@` line but hid as runtime frames: 3 is `gopark ← chanrecv/chansend ← chanrecv1/chansend1`
 * (direction unknown), 2 is `gopark ← selectgo/block`.
 */
export function inferState(frames: readonly Frame[], hiddenRuntimeFrames = 0): string {
  for (const f of frames.slice(0, 6)) {
    for (const [prefix, state] of BLOCKING_FUNCS) {
      if (f.func === prefix || f.func.startsWith(prefix)) return state;
    }
  }
  if (frames[0]?.func === 'runtime.gopark' || frames[0]?.func === 'runtime.goparkunlock') return 'waiting';
  if (hiddenRuntimeFrames === 3) return 'chan send or receive';
  if (hiddenRuntimeFrames === 2) return 'select';
  if (hiddenRuntimeFrames === 0) return 'running';
  return 'waiting';
}
