// Which importer reads a file: from its first bytes (what it is), the extension only breaks
// ties. `undefined` format with a reason when nothing fits.
// A gzip file is looked into (its decompressed head decides); a zip is a WhatsApp export (the
// only zipped format read). When nothing fits, the reason says what the file looked like.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import type { Importer } from './record.js';
import { binaryAt, isGzip } from './text-source.js';
import { importSmsBackup } from './sms-backup.js';
import { importTwilioCsv } from './twilio-csv.js';
import { importJsonl, importTranscriptCsv } from './canonical.js';
import { importWhatsapp, looksLikeWhatsapp } from './whatsapp.js';
import { IMESSAGE_DATE, importImessage } from './imessage.js';
import { importTelegram, looksLikeTelegram } from './telegram.js';
import { isZip } from './zip.js';
import { FORMATS, type Format } from './formats.js';

export { FORMATS, type Format };

export const IMPORTERS: Record<Format, Importer> = {
  jsonl: importJsonl,
  csv: importTranscriptCsv,
  'sms-backup': importSmsBackup,
  'twilio-csv': importTwilioCsv,
  whatsapp: importWhatsapp,
  imessage: importImessage,
  telegram: importTelegram,
};

const KNOWN = 'SMS Backup & Restore XML, Twilio CSV, transcript v1, WhatsApp chat, imessage-exporter text or Telegram result.json';

/** The first line of a text as a short quotation (numbers in it are redacted with the reject). */
function quote(line: string): string {
  const l = line.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return JSON.stringify(l.length > 60 ? l.slice(0, 60) + '…' : l);
}

/** What a JSON text that is neither transcript v1 nor a Telegram export looks like. */
function describeJson(text: string, firstLine: string): string {
  try {
    const v = JSON.parse(firstLine) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v).slice(0, 6);
      return `a JSON object with keys ${keys.join(', ') || '(none)'}`;
    }
  } catch {
    /* a document over several lines */
  }
  const keys = [...text.slice(0, 4000).matchAll(/^\s{1,4}"([^"]{1,40})"\s*:/gm)].map((m) => m[1]).slice(0, 6);
  return keys.length ? `a JSON document with keys ${keys.join(', ')}` : 'a JSON document';
}

export type Detection = { format: Format } | { format: undefined; reason: string; offset?: number };

/** Decides from the head of a file's text (BOM allowed) and its name. */
export function detectFromHead(head: string, name: string): Detection {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text === '') return { format: undefined, reason: 'empty file', offset: 0 };
  if (text.startsWith('<')) return { format: 'sms-backup' };
  const firstLine = text.split(/\r?\n/, 1)[0]!;
  // (before JSON: an iOS chat line starts with '[' too)
  if (looksLikeWhatsapp(text.replace(/^[\u200e\u200f]/, ''))) return { format: 'whatsapp' };
  if (text.startsWith('{') || text.startsWith('[')) {
    if (looksLikeTelegram(text)) return { format: 'telegram' };
    if (/^\{\s*"(?:conversation|counterpart|ts|direction|kind|text)"/.test(firstLine) || /"conversation"\s*:/.test(firstLine)) return { format: 'jsonl' };
    // a line that is no JSON at all: read as JSONL, whose reader rejects each such line
    if (firstLine.trim().length > 1 && !isJson(firstLine)) return { format: 'jsonl' };
    return { format: undefined, reason: `unknown format: ${describeJson(text, firstLine)}, not transcript v1 (one event per line) nor a Telegram result.json; use --format` };
  }
  if (IMESSAGE_DATE.test(firstLine)) return { format: 'imessage' };
  const cells = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  if (cells.includes('Direction') && cells.includes('SentDate')) return { format: 'twilio-csv' };
  if (cells.includes('conversation') && cells.includes('counterpart')) return { format: 'csv' };
  const ext = extname(name).toLowerCase();
  if (ext === '.xml') return { format: 'sms-backup' };
  if (ext === '.jsonl') return { format: 'jsonl' };
  if (cells.length > 2) return { format: undefined, reason: `unknown format: a CSV header with columns ${cells.slice(0, 8).join(', ')}, not Twilio's (From, To, Body, Status, SentDate, Direction) nor transcript v1's; use --format` };
  return { format: undefined, reason: `unknown format: the first line reads ${quote(firstLine)}, not an ${KNOWN}; use --format` };
}

export async function detectFormat(file: string): Promise<Detection> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let head = buf.subarray(0, bytesRead);
    if (isZip(head)) return { format: 'whatsapp' };
    if (isGzip(head)) {
      const more = Buffer.alloc(65536);
      const { bytesRead: n } = await fh.read(more, 0, more.length, 0);
      try {
        // a head is enough: Z_SYNC_FLUSH decompresses what there is without asking for the end
        head = gunzipSync(more.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 8192);
      } catch (e) {
        return { format: undefined, reason: `damaged gzip file (${(e as Error).message})`, offset: 0 };
      }
      if (isZip(head)) return { format: undefined, reason: 'a gzip holding a zip: unzip it first', offset: 0 };
    }
    if (head[0] === 0xff && head[1] === 0xfe) return detectFromHead(new TextDecoder('utf-16le').decode(head), file);
    const nul = binaryAt(head);
    if (nul !== undefined) return { format: undefined, reason: `binary file, not a text export (NUL byte; it starts with bytes ${[...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`, offset: nul };
    return detectFromHead(new TextDecoder().decode(head), file);
  } finally {
    await fh.close();
  }
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
