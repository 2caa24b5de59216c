// An Io whose stdout and stderr are captured as strings, for tests of commands' library entry
// points (what goes to stdout with --json must be exactly one JSON object).
import { Writable } from 'node:stream';
import type { Io } from '../console.js';

export function captureIo(): { io: Io; out: { stdout: string; stderr: string } } {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: new Writable({ write: (c, _e, cb) => ((out.stdout += String(c)), cb()) }),
    stderr: new Writable({ write: (c, _e, cb) => ((out.stderr += String(c)), cb()) }),
  };
  return { io, out };
}
