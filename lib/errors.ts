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

/** The file system or the database refused (a full disk, a missing folder, permissions): one line, exit 1. */
export class IoError extends DealerbotError {
  constructor(message: string, code = 'E_IO') {
    super(code, message);
  }
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'read-only file system',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'resource busy',
  EXDEV: 'cannot move across file systems',
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'the address is not available on this machine',
};

/** What an errno code means, in words ("no space left on the device (ENOSPC)"). */
export function errnoWords(code: string): string {
  const w = ERRNO_WORDS[code];
  return w ? `${w} (${code})` : code;
}

/**
 * One line for an error raised by the operating system (errno, with the call and the path) or
 * by SQLite; null for anything else. Used by the CLI so that no I/O failure is a stack trace.
 */
export function systemErrorLine(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return null;
  const x = e as { code?: unknown; syscall?: unknown; path?: unknown; dest?: unknown; message?: unknown };
  if (typeof x.code !== 'string') return null;
  if (/^E[A-Z0-9]+$/.test(x.code) && typeof x.syscall === 'string') {
    const where = typeof x.path === 'string' ? ` ${x.path}` : '';
    return `cannot ${x.syscall}${where}: ${errnoWords(x.code)}`;
  }
  if (x.code.startsWith('SQLITE_')) return `database error: ${String(x.message ?? '').split('\n')[0]} (${x.code})`;
  return null;
}
