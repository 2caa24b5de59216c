// Twilio console message-log CSV (From,To,Body,Status,SentDate,ApiVersion,NumSegments,
// ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit), newest first. Which side is the bot is
// read from Direction — inbound means the dealer wrote to our Twilio number — never guessed.
import { basename } from 'node:path';
import type { Direction } from '../../core/transcript.js';
import { importCsvRows, widthReject } from './csv-rows.js';
import { parseExportDate } from './dates.js';
import type { ImportItem, ImporterOptions } from './record.js';

export const TWILIO_REQUIRED = ['From', 'To', 'Body', 'Status', 'SentDate', 'Direction'] as const;

const COUNTED = new Set(['received', 'delivered', 'sent', 'read']);
// never reached the other side (or not yet): counted as skipped, not events
const SKIPPED = new Set(['failed', 'undelivered', 'queued', 'sending', 'accepted', 'scheduled', 'canceled', 'receiving']);

function directionOf(d: string): Direction | undefined {
  if (d === 'inbound') return 'in';
  if (d.startsWith('outbound')) return 'out';
  return undefined;
}

export async function* importTwilioCsv(file: string, opts: ImporterOptions = {}): AsyncGenerator<ImportItem[]> {
  const source = `twilio-csv:${basename(file)}`;
  let col: Record<string, number> | undefined;
  let width = 0;
  const ended = yield* importCsvRows(file, opts.chunkSize, (f, line, out) => {
    if (!col) {
      const header = f.map((h) => h.trim());
      const missing = TWILIO_REQUIRED.filter((c) => !header.includes(c));
      if (missing.length) {
        out.push({ type: 'reject', file, line, reason: `not a Twilio message log: missing column(s) ${missing.join(', ')}` });
        return false;
      }
      col = Object.fromEntries(header.map((h, i) => [h, i]));
      width = header.length;
      return true;
    }
    if (f.length !== width) {
      out.push(widthReject(file, line, width, f.length));
      return true;
    }
    const get = (c: (typeof TWILIO_REQUIRED)[number]) => f[col![c]!]!.trim();
    const status = get('Status').toLowerCase();
    if (SKIPPED.has(status)) {
      out.push({ type: 'skip', file, line, reason: status });
      return true;
    }
    if (!COUNTED.has(status)) {
      out.push({ type: 'reject', file, line, reason: `unknown Status "${status}"` });
      return true;
    }
    const direction = directionOf(get('Direction'));
    if (!direction) {
      out.push({ type: 'reject', file, line, reason: `unknown Direction "${get('Direction')}"` });
      return true;
    }
    const time = parseExportDate(get('SentDate'));
    if (time === undefined) {
      out.push({ type: 'reject', file, line, reason: `unparseable SentDate "${get('SentDate')}"` });
      return true;
    }
    const number = direction === 'in' ? get('From') : get('To');
    // the body keeps its own spaces and line breaks: only the fields around it are trimmed
    out.push({ type: 'record', number, time, direction, kind: 'sms', text: f[col.Body!]!, source, file, line });
    return true;
  });
  if (ended === 'done' && !col) yield [{ type: 'reject', file, line: 1, reason: 'no header row: not a Twilio message log' }];
}
