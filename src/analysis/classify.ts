// Matches a bucket's dynamic signature to a leak pattern of the catalogue (docs/rules/). A dump shows where goroutines
// wait, not why, so each match says which signature it saw; a bucket that matches nothing is reported as GG000.

import type { Bucket } from './bucket.js';
import type { PatternId } from '../model/index.js';

export interface PatternMatch {
  id: PatternId;
  /** Why the bucket matches, in one clause ("blocked sending on a channel at a request-path site"). */
  because: string;
}

const has = (b: Bucket, pred: (func: string) => boolean) => b.frames.some((f) => pred(f.func));
/** Any frame's function is one of `names`, which share their first char (checked first: most frames differ there). */
const hasFunc = (b: Bucket, ...names: string[]) => {
  const c = names[0]!.charCodeAt(0);
  return has(b, (f) => f.charCodeAt(0) === c && names.includes(f));
};
const createdByFunc = (b: Bucket) => b.createdBy?.func ?? '';

export function matchPattern(b: Bucket): PatternMatch | undefined {
  const s = b.state;
  if (s.endsWith('(nil chan)')) {
    return { id: 'GG013', because: `the goroutine waits on a nil channel (${s}), which can never proceed` };
  }
  if (s === 'select (no cases)') {
    return { id: 'GG014', because: '`select {}` blocks forever by design and this is not the main goroutine' };
  }
  // A caller stuck inside an HTTP round trip is waiting for a response that has no deadline.
  if (hasFunc(b, 'net/http.(*persistConn).roundTrip', 'net/http.(*Transport).roundTrip', 'net/http.(*Client).do')) {
    return {
      id: 'GG009',
      because: 'a goroutine waits inside an HTTP round trip: the client has no timeout and the server never answers',
    };
  }
  if (hasFunc(b, 'net/http.(*persistConn).readLoop', 'net/http.(*persistConn).writeLoop')) {
    return {
      id: 'GG010',
      because:
        'HTTP client connection loops (persistConn readLoop/writeLoop) accumulate when response bodies are not closed ' +
        '(GG010) or requests have no timeout (GG009)',
    };
  }
  // A time.AfterFunc callback runs in a goroutine created by time.goFunc.
  if (
    createdByFunc(b) === 'time.goFunc' &&
    (b.waitClass === 'chan-send' || b.waitClass === 'chan-recv' || b.waitClass === 'sync' || b.waitClass === 'select')
  ) {
    return { id: 'GG006', because: 'a time.AfterFunc callback is blocked' };
  }
  switch (b.waitClass) {
    case 'chan-send':
      // Sequential requests on one keep-alive connection share a creator too: those are GG001.
      if (b.perCreatorRun >= 2 && !b.creatorServesRequests && !b.creatorBlocked) {
        return {
          id: 'GG015',
          because:
            `${b.perCreatorRun} goroutines with consecutive ids, started by one goroutine, are blocked sending at the ` +
            'same site: N senders, one receiver that took the first value and left',
        };
      }
      return {
        id: 'GG001',
        because:
          'goroutines are blocked sending on a channel whose receiver is gone; if several senders share one channel ' +
          'and the receiver takes only the first value, it is the N-cast variant (GG015)',
      };
    case 'chan-recv':
      if (has(b, (f) => f.startsWith('time.') && f.includes('Ticker'))) {
        return { id: 'GG004', because: 'a goroutine loops on a ticker channel with no way out' };
      }
      return {
        id: 'GG002',
        because:
          "goroutines wait to receive from a channel that is never sent to or closed (a loop over a ticker's " +
          '`t.C` looks the same in a dump: that is GG004, which the source line tells apart)',
      };
    case 'chan':
      // debug=1 prints "chan send or receive": the dump does not say which, so it names no pattern (the source
      // line can, see source-aware.ts).
      return undefined;
    case 'select':
      return { id: 'GG003', because: 'goroutines wait in a select that has no case to make them return' };
    case 'sync':
      if (s.startsWith('sync.WaitGroup.Wait') || (s === 'semacquire' && hasFunc(b, 'sync.(*WaitGroup).Wait'))) {
        return { id: 'GG008', because: 'WaitGroup.Wait never returns: Add and Done do not balance' };
      }
      if (s.startsWith('sync.Mutex.Lock') || s.startsWith('sync.RWMutex')) {
        return { id: 'GG012', because: 'goroutines pile up on a lock that some path never releases' };
      }
      return undefined;
    default:
      return undefined;
  }
}
