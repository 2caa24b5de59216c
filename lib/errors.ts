// Errors as small classes with a stable `code`, in the manner of vitest: library code throws
// them, the CLI turns them into one line on stderr and exit code 1.

export class DealerbotError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad flags or arguments. */
export class UsageError extends DealerbotError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

/** Bad input data: always names the file and, where it has one, the line (or byte offset). */
export class InputError extends DealerbotError {
  readonly file: string;
  readonly line: number | undefined;
  readonly reason: string;
  constructor(file: string, line: number | undefined, reason: string, code = 'E_INPUT') {
    super(code, `${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** Result of parsing untrusted input (zod style). */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
