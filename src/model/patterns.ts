// The leak-pattern catalogue (spec §3). Ids are shared by static rules, dynamic classification and the docs.

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
  | 'GG015';

export interface LeakPattern {
  id: PatternId;
  title: string;
  /** What the leak looks like in a goroutine dump. */
  dynamicSignature: string;
  fix: string;
}

export const PATTERNS: Readonly<Record<PatternId, LeakPattern>> = {
  GG001: {
    id: 'GG001',
    title: 'send on a channel whose receiver may have left',
    dynamicSignature: 'many goroutines in `chan send` at one site, created by a request path',
    fix: 'give the channel a buffer of 1 for a single result, or send with `select { case ch <- v: case <-ctx.Done(): }`',
  },
  GG002: {
    id: 'GG002',
    title: 'receive or range over a channel nobody closes',
    dynamicSignature: '`chan receive` in a range loop, creator long gone',
    fix: 'the sending owner closes the channel when done (`defer close(ch)`)',
  },
  GG003: {
    id: 'GG003',
    title: 'for-select loop without an exit case',
    dynamicSignature: '`select` forever, one per started component',
    fix: 'add `case <-ctx.Done(): return` (or a quit channel) to the select',
  },
  GG004: {
    id: 'GG004',
    title: 'ticker never stopped; goroutine loops on ticker.C forever',
    dynamicSignature: '`select`/`chan receive` in a loop over a ticker channel',
    fix: '`defer t.Stop()` and add an exit case (timer GC since Go 1.23 frees only the memory)',
  },
  GG005: {
    id: 'GG005',
    title: 'time.After in a loop or hot select',
    dynamicSignature: 'growing timers, one allocation per iteration',
    fix: 'create one `time.NewTimer` outside the loop and `Reset` it',
  },
  GG006: {
    id: 'GG006',
    title: 'time.AfterFunc timer dropped or its callback blocks',
    dynamicSignature: 'AfterFunc callback goroutines blocked in channel or sync waits',
    fix: 'keep the `*time.Timer` and `Stop()` it on shutdown; never block in the callback',
  },
  GG007: {
    id: 'GG007',
    title: 'context not propagated or cancel func not called',
    dynamicSignature: 'goroutines outliving requests, `select` without a Done case',
    fix: 'pass the request ctx, `defer cancel()`, and select on `ctx.Done()`',
  },
  GG008: {
    id: 'GG008',
    title: 'WaitGroup Add/Done mismatch',
    dynamicSignature: '`sync.WaitGroup.Wait` (or `semacquire`) forever',
    fix: 'call `wg.Add(1)` before `go`, and `defer wg.Done()` first thing in the goroutine',
  },
  GG009: {
    id: 'GG009',
    title: 'http.Client without a timeout',
    dynamicSignature: '`IO wait` in net/http.(*persistConn).readLoop/writeLoop, growing',
    fix: 'set `http.Client{Timeout: …}` or give each request a context with a deadline',
  },
  GG010: {
    id: 'GG010',
    title: 'response body not closed on every path',
    dynamicSignature: 'persistConn readLoop/writeLoop pairs accumulating per host',
    fix: '`defer resp.Body.Close()` right after the error check; drain the body before closing',
  },
  GG011: {
    id: 'GG011',
    title: 'goroutine started in a loop or defer capturing outer variables',
    dynamicSignature: 'many goroutines from one loop or defer site',
    fix: 'pass values as arguments to the goroutine; Go ≥ 1.22 gives loops per-iteration variables',
  },
  GG012: {
    id: 'GG012',
    title: 'Lock without Unlock on some path',
    dynamicSignature: '`sync.Mutex.Lock` waiters piling up on one mutex',
    fix: '`defer mu.Unlock()` right after `mu.Lock()`',
  },
  GG013: {
    id: 'GG013',
    title: 'operation on a nil channel',
    dynamicSignature: '`chan send (nil chan)` / `chan receive (nil chan)` — can never wake',
    fix: 'initialise the channel with make; use a nil channel in select only to disable a case',
  },
  GG014: {
    id: 'GG014',
    title: 'goroutine blocked forever by design (`select {}`)',
    dynamicSignature: '`select (no cases)` — can never wake',
    fix: 'give the goroutine an exit path (ctx.Done or a quit channel)',
  },
  GG015: {
    id: 'GG015',
    title: 'N senders, one receiver that takes the first result and leaves',
    dynamicSignature: 'N−1 goroutines in `chan send` per call',
    fix: 'make the channel buffered with capacity N, or send with a ctx-aware select',
  },
};

export const PATTERN_IDS = Object.keys(PATTERNS) as PatternId[];

export function isPatternId(s: string): s is PatternId {
  return Object.prototype.hasOwnProperty.call(PATTERNS, s);
}
