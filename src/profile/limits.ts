// Size caps for hostile input: the error a capped read throws (decompressed bytes, buffered formats, long lines).

import { GuardError } from '../core/index.js';

export function tooLarge(source: string, detail: string, offset: number): GuardError {
  return new GuardError('too-large', source, `${detail} (raise it with --max-bytes)`, { offset });
}
