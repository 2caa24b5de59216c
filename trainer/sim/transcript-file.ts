// Reads a transcript v1 JSONL file for the simulator's calibration; a bad line is a one-line
// error with file, line and reason (never dropped).
import { readFileSync } from 'node:fs';
import { InputError } from '../../lib/errors.js';
import { parseEvent, type TranscriptEvent } from '../../core/transcript.js';

export function readTranscriptJsonl(file: string): TranscriptEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const out: TranscriptEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new InputError(file, i + 1, `not valid JSON (${(e as Error).message})`);
    }
    const r = parseEvent(raw);
    if (!r.ok) throw new InputError(file, i + 1, r.error);
    out.push(r.value);
  }
  if (out.length === 0) throw new InputError(file, undefined, 'no events');
  return out;
}
