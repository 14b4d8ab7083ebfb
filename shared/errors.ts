/**
 * One error base for the whole project (after Lodestar's `LodestarError` and viem's `BaseError`).
 *
 * Each module declares its own string codes and a typed metadata union, e.g.
 *   type TxPoolErrorType = { code: 'BAD_PROOF' } | { code: 'STALE'; nonce: number; expected: number };
 *   class TxPoolError extends ExpertnetError<TxPoolErrorType> {}
 * and throws `new TxPoolError({ code: 'STALE', nonce, expected }, 'nonce already used')`.
 */
export interface ErrorType {
  code: string;
}

export interface ExpertnetErrorOptions {
  cause?: unknown;
  /** Extra lines shown under the message by CLIs (hints, context). */
  metaMessages?: string[];
}

export class ExpertnetError<T extends ErrorType = ErrorType> extends Error {
  readonly type: T;
  readonly shortMessage: string;
  readonly metaMessages: string[];

  constructor(type: T, shortMessage?: string, options: ExpertnetErrorOptions = {}) {
    const short = shortMessage ?? type.code;
    const meta = options.metaMessages ?? [];
    super([short, ...meta].join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.type = type;
    this.shortMessage = short;
    this.metaMessages = meta;
  }

  get code(): T['code'] {
    return this.type.code;
  }

  /** Plain object for structured logs and wire error frames. */
  toJSON(): { name: string; message: string } & T {
    return { name: this.name, message: this.shortMessage, ...this.type };
  }

  /** Walks the `cause` chain and returns the first error matching `predicate`. */
  walk(predicate: (err: unknown) => boolean): unknown {
    let err: unknown = this;
    while (err instanceof Error) {
      if (predicate(err)) return err;
      err = err.cause;
    }
    return undefined;
  }
}

/** Message of any thrown value, for logs. */
export function errorMessage(err: unknown): string {
  if (err instanceof ExpertnetError) return err.shortMessage;
  if (err instanceof Error) return err.message;
  return String(err);
}
