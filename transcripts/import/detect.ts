// Which importer reads a file: from its first bytes (what it is), the extension only breaks
// ties. `undefined` format with a reason when nothing fits.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Importer } from './record.js';
import { binaryAt } from './text-source.js';
import { importSmsBackup } from './sms-backup.js';
import { importTwilioCsv } from './twilio-csv.js';
import { importJsonl, importTranscriptCsv } from './canonical.js';
import { FORMATS, type Format } from './formats.js';

export { FORMATS, type Format };

export const IMPORTERS: Record<Format, Importer> = {
  jsonl: importJsonl,
  csv: importTranscriptCsv,
  'sms-backup': importSmsBackup,
  'twilio-csv': importTwilioCsv,
};

export type Detection = { format: Format } | { format: undefined; reason: string; offset?: number };

/** Decides from the head of a file's text (BOM allowed) and its name. */
export function detectFromHead(head: string, name: string): Detection {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text === '') return { format: undefined, reason: 'empty file', offset: 0 };
  if (text.startsWith('<')) return { format: 'sms-backup' };
  if (text.startsWith('{')) return { format: 'jsonl' };
  const firstLine = text.split(/\r?\n/, 1)[0]!;
  const cells = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  if (cells.includes('Direction') && cells.includes('SentDate')) return { format: 'twilio-csv' };
  if (cells.includes('conversation') && cells.includes('counterpart')) return { format: 'csv' };
  const ext = extname(name).toLowerCase();
  if (ext === '.xml') return { format: 'sms-backup' };
  if (ext === '.jsonl') return { format: 'jsonl' };
  return { format: undefined, reason: 'unknown format (not an SMS Backup & Restore XML, Twilio CSV or transcript v1); use --format' };
}

export async function detectFormat(file: string): Promise<Detection> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    const nul = binaryAt(head);
    if (nul !== undefined) return { format: undefined, reason: 'binary file, not a text export (NUL byte)', offset: nul };
    return detectFromHead(new TextDecoder().decode(head), file);
  } finally {
    await fh.close();
  }
}
