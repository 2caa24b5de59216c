// The short, stable name of an error for health reasons and counters: SQLite's code
// (SQLITE_BUSY, SQLITE_CORRUPT, SQLITE_FULL), an errno (ENOSPC), a dealerbot code (E_POLICY),
// else the error's class. Never its message: messages may carry numbers or texts.
export function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    const name = (e as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z][\w]{0,40}$/.test(name)) return name;
  }
  return 'Error';
}
