// The leak-pattern catalogue. Ids are shared by static rules, dynamic classification and the docs; each pattern's
// title is used by both sides, with one fix text for a dump and one for the statement a rule found.

export type PatternId =
  | 'GG001'
  | 'GG002'
  | 'GG003'
  | 'GG004'
  | 'GG005'
  | 'GG006'
  | 'GG007'
  | 'GG008'
  | 'GG009'
  | 'GG010'
  | 'GG011'
  | 'GG012'
  | 'GG013'
  | 'GG014'
  | 'GG015'
  | 'GG016'
  | 'GG017'
  | 'GG018'
  | 'GG019'
  | 'GG020';

export interface LeakPattern {
  id: PatternId;
  title: string;
  /** What the leak looks like in a goroutine dump. */
  dynamicSignature: string;
  /** The fix, told from a goroutine dump (no source at hand): dynamic findings carry it. */
  fix: string;
  /** The fix, told at the statement a static rule found: the rule's `meta.fix`. */
  staticFix: string;
}

export const PATTERNS: Readonly<Record<PatternId, LeakPattern>> = {
  GG001: {
    id: 'GG001',
    title: 'send on a channel whose receiver may have left',
    dynamicSignature: 'many goroutines in `chan send` at one site, created by a request path',
    fix: 'give the channel a buffer of 1 for a single result, or send with `select { case ch <- v: case <-ctx.Done(): }`',
    staticFix:
      'give the channel a buffer of 1 for a single result, or send with `select { case ch <- v: case <-ctx.Done(): }`',
  },
  GG002: {
    id: 'GG002',
    title: 'receive or range over a channel nobody closes',
    dynamicSignature: '`chan receive` in a range loop, creator long gone',
    fix: 'the sending owner closes the channel when done (`defer close(ch)`)',
    staticFix:
      'the sending owner closes the channel when done (`defer close(ch)` in the producer, or after `wg.Wait()`)',
  },
  GG003: {
    id: 'GG003',
    title: 'for-select loop without an exit case',
    dynamicSignature: '`select` forever, one per started component',
    fix: 'add `case <-ctx.Done(): return` (or a quit channel) to the select',
    staticFix:
      'add `case <-ctx.Done(): return` (or a quit channel) to the select; use a labeled `break loop` to leave the for',
  },
  GG004: {
    id: 'GG004',
    title: 'ticker never stopped; goroutine loops on ticker.C forever',
    dynamicSignature: '`select`/`chan receive` in a loop over a ticker channel',
    fix: '`defer t.Stop()` and add an exit case (timer GC since Go 1.23 frees only the memory)',
    staticFix:
      '`defer t.Stop()` right after `time.NewTicker`, and loop with a select that also returns on `<-ctx.Done()`',
  },
  GG005: {
    id: 'GG005',
    title: 'time.After in a loop or hot select',
    dynamicSignature: 'growing timers, one allocation per iteration',
    fix: 'create one `time.NewTimer` outside the loop and `Reset` it',
    staticFix: 'create one `time.NewTimer` outside the loop, `Reset` it each iteration, and `Stop` it on exit',
  },
  GG006: {
    id: 'GG006',
    title: 'time.AfterFunc timer dropped or its callback blocks',
    dynamicSignature: 'AfterFunc callback goroutines blocked in channel or sync waits',
    fix: 'keep the `*time.Timer` and `Stop()` it on shutdown; never block in the callback',
    staticFix:
      'keep the `*time.Timer` and `Stop()` it when the waiter leaves; give the channel a buffer of 1 or send in a select',
  },
  GG007: {
    id: 'GG007',
    title: 'context not propagated or cancel func not called',
    dynamicSignature: 'goroutines outliving requests, `select` without a Done case',
    fix: 'pass the request ctx, `defer cancel()`, and select on `ctx.Done()`',
    staticFix:
      'pass the request ctx (or `context.WithoutCancel(ctx)` when the work must outlive it, with its own deadline)',
  },
  GG008: {
    id: 'GG008',
    title: 'WaitGroup Add/Done mismatch',
    dynamicSignature: '`sync.WaitGroup.Wait` (or `semacquire`) forever',
    fix: 'call `wg.Add(1)` before `go`, and `defer wg.Done()` first thing in the goroutine',
    staticFix: 'call `wg.Add(1)` right before `go`, and make `defer wg.Done()` the first statement of the goroutine',
  },
  GG009: {
    id: 'GG009',
    title: 'http.Client without a timeout',
    dynamicSignature: '`IO wait` in net/http.(*persistConn).readLoop/writeLoop, growing',
    fix: 'set `http.Client{Timeout: …}` or give each request a context with a deadline',
    staticFix:
      'use a client with `Timeout` set (`&http.Client{Timeout: 10 * time.Second}`), or give each request a context with a deadline',
  },
  GG010: {
    id: 'GG010',
    title: 'response body not closed on every path',
    dynamicSignature: 'persistConn readLoop/writeLoop pairs accumulating per host',
    fix: '`defer resp.Body.Close()` right after the error check; drain the body before closing',
    staticFix:
      '`defer resp.Body.Close()` right after the error check; drain (`io.Copy(io.Discard, resp.Body)`) before closing to reuse the connection',
  },
  GG011: {
    id: 'GG011',
    title: 'goroutine started in a loop or defer capturing outer variables',
    dynamicSignature: 'many goroutines from one loop or defer site',
    fix: 'pass values as arguments to the goroutine; Go ≥ 1.22 gives loops per-iteration variables',
    staticFix: 'pass the value as an argument (`go func(v T) {…}(v)`), copy it (`v := v`), or raise go.mod to go 1.22+',
  },
  GG012: {
    id: 'GG012',
    title: 'Lock without Unlock on some path',
    dynamicSignature: '`sync.Mutex.Lock` waiters piling up on one mutex',
    fix: '`defer mu.Unlock()` right after `mu.Lock()`',
    staticFix: '`defer mu.Unlock()` right after `mu.Lock()`, or unlock before every early return',
  },
  GG013: {
    id: 'GG013',
    title: 'operation on a nil channel',
    dynamicSignature: '`chan send (nil chan)` / `chan receive (nil chan)` — can never wake',
    fix: 'initialise the channel with make; use a nil channel in select only to disable a case',
    staticFix: 'initialise the channel with `make(chan T)`; use a nil channel only inside `select` to disable a case',
  },
  GG014: {
    id: 'GG014',
    title: 'goroutine blocked forever by design (`select {}`)',
    dynamicSignature: '`select (no cases)` — can never wake',
    fix: 'give the goroutine an exit path (ctx.Done or a quit channel)',
    staticFix: 'give the goroutine an exit path: `<-ctx.Done()` or a quit channel instead of `select {}`',
  },
  GG015: {
    id: 'GG015',
    title: 'N senders, one receiver that takes the first result and leaves',
    dynamicSignature: 'N−1 goroutines in `chan send` per call',
    fix: 'make the channel buffered with capacity N, or send with a ctx-aware select',
    staticFix:
      'make the channel buffered with capacity N (`make(chan T, len(items))`), or send with a ctx-aware select',
  },
  GG016: {
    id: 'GG016',
    title: 'lock held across a blocking operation',
    dynamicSignature:
      'one goroutine in `chan send/receive`, `WaitGroup.Wait` or `Cond.Wait` inside a locked region; others in `sync.Mutex.Lock` on the same mutex',
    fix: 'release the lock before blocking, or make the other side not need it',
    staticFix: 'release the lock before blocking, or make the other side not need it',
  },
  GG017: {
    id: 'GG017',
    title: 'lock-order inversion (AB–BA)',
    dynamicSignature:
      'two or more goroutines in `sync.Mutex.Lock`/`RWMutex.Lock`, each in a function that already took the other lock',
    fix: 'one global lock order; take both through one helper',
    staticFix: 'one global lock order; take both through one helper',
  },
  GG018: {
    id: 'GG018',
    title: 'double locking, or RLock re-entered while a writer waits',
    dynamicSignature:
      'a goroutine in `Lock`/`RLock` whose own stack already holds the same lock; with RWMutex a writer waiting in `Lock`',
    fix: '`fooLocked` variants that assume the lock; never re-acquire',
    staticFix: '`fooLocked` variants that assume the lock; never re-acquire',
  },
  GG019: {
    id: 'GG019',
    title: 'Cond.Wait with no reachable Signal/Broadcast, or not in a loop',
    dynamicSignature: 'goroutines in `sync.Cond.Wait` forever',
    fix: '`Broadcast` after every change under the lock; `for !ready { c.Wait() }`',
    staticFix: '`Broadcast` after every change under the lock; `for !ready { c.Wait() }`',
  },
  GG020: {
    id: 'GG020',
    title: 'WaitGroup.Wait while the children block on the waiter',
    dynamicSignature: 'one goroutine in `WaitGroup.Wait`, its children in `chan send` / `Lock`',
    fix: 'drain or close concurrently (`go func(){ wg.Wait(); close(out) }()`), release first',
    staticFix: 'drain or close concurrently (`go func(){ wg.Wait(); close(out) }()`), release first',
  },
};

export const PATTERN_IDS = Object.keys(PATTERNS) as PatternId[];

export function isPatternId(s: string): s is PatternId {
  return Object.prototype.hasOwnProperty.call(PATTERNS, s);
}
