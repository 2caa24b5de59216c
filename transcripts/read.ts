// Reads a transcript v1 file (JSONL, or CSV by extension/header) completely: the events and,
// for every line that fails the schema, a reject with its line.
import { detectFormat } from './import/detect.js';
import { importJsonl, importTranscriptCsv } from './import/canonical.js';
import type { Reject } from './import/record.js';
import { InputError } from '../lib/errors.js';
import type { TranscriptEvent } from '../core/transcript.js';

export interface ReadTranscript {
  events: TranscriptEvent[];
  /** line of each event in the file (same order as events), for file:line errors downstream */
  eventLines: number[];
  rejects: Reject[];
  lines: number;
}

export async function readTranscript(file: string): Promise<ReadTranscript> {
  const d = await detectFormat(file).catch((e: NodeJS.ErrnoException) => {
    throw new InputError(file, undefined, `cannot read: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  if (d.format === undefined) return { events: [], eventLines: [], rejects: [{ type: 'reject', file, offset: d.offset ?? 0, reason: d.reason }], lines: 0 };
  if (d.format !== 'jsonl' && d.format !== 'csv') {
    return { events: [], eventLines: [], rejects: [{ type: 'reject', file, line: 1, reason: `a ${d.format} export, not a transcript v1: run \`dealerbot data import\` first` }], lines: 0 };
  }
  const events: TranscriptEvent[] = [];
  const eventLines: number[] = [];
  const rejects: Reject[] = [];
  let lines = 0;
  const read = d.format === 'jsonl' ? importJsonl : importTranscriptCsv;
  for await (const batch of read(file)) {
    for (const item of batch) {
      if (item.type === 'event') events.push(item.event), eventLines.push(item.line), (lines = Math.max(lines, item.line));
      else if (item.type === 'reject') rejects.push(item), (lines = Math.max(lines, item.line ?? 0));
    }
  }
  return { events, eventLines, rejects, lines };
}
