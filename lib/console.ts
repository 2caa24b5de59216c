// The stdout/stderr discipline of the CLI contract: with --json, stdout holds exactly one JSON
// object (or JSONL for streaming commands) and everything meant for people goes to stderr,
// with phone numbers redacted (a note may quote a reject reason, an error, a message text).
import type { Writable } from 'node:stream';
import { redactNumbers } from './redact.js';

export interface Io {
  stdout: Writable;
  stderr: Writable;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}

export function note(io: Io, message: string): void {
  io.stderr.write(redactNumbers(message) + '\n');
}
