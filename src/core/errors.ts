// Errors are values with a kind, the input's name and a position; the CLI prints `error.message` as one line.

export type GuardErrorKind =
  | 'empty-input'
  | 'unknown-format'
  | 'bad-gzip'
  | 'bad-protobuf'
  | 'bad-syntax'
  | 'truncated'
  /** Input over a size cap (decompressed bytes, a buffered format, an HTTP body). */
  | 'too-large'
  | 'io'
  | 'http'
  | 'usage'
  | 'config';

export interface Position {
  line?: number;
  /** Byte offset into the input (after decompression for gzip inputs, unless the error is in the gzip layer). */
  offset?: number;
}

/** The error type every library function throws for bad input. Anything else escaping is a bug. */
export class GuardError extends Error {
  readonly kind: GuardErrorKind;
  readonly source: string;
  readonly position: Position;
  readonly expected: string | undefined;
  /** The message without the input name and position. */
  readonly detail: string;

  constructor(kind: GuardErrorKind, source: string, detail: string, position: Position = {}, expected?: string) {
    super(formatMessage(source, detail, position, expected));
    this.name = 'GuardError';
    this.kind = kind;
    this.detail = detail;
    this.source = source;
    this.position = position;
    this.expected = expected;
  }
}

function formatMessage(source: string, detail: string, pos: Position, expected?: string): string {
  let where = source;
  if (pos.line !== undefined) where += `:${pos.line}`;
  if (pos.offset !== undefined) where += ` (byte ${pos.offset})`;
  return `${where}: ${detail}${expected ? `; expected ${expected}` : ''}`;
}

export function isGuardError(e: unknown): e is GuardError {
  return e instanceof GuardError;
}
