// imessage-exporter (github.com/ReagentX/imessage-exporter) `--format txt`: one file per chat,
// named after its handles. Per message (src/exporters/txt.rs, format_message, and the date
// format `%b %d, %Y %l:%M:%S %p` of imessage-database/src/util/dates.rs):
//   May 17, 2022  5:29:42 PM (Read by you after 1 hour, 49 seconds)
//   +15558675309                       ← the sender: a handle, a contact name, or "Me"
//   Hi there                           ← the body, over as many lines as it has
//   (a blank line)
// A date followed on its own line by text ("… PM You renamed the conversation to …") is an
// announcement: skipped as `system`. Times are the Mac's wall clock, read in --tz.
import { basename } from 'node:path';
import { type ChatMessage, chatItems, textProblem } from './chat.js';
import { DEFAULT_TZ, EARLIEST, wallClockToUtc } from './dates.js';
import type { ImportItem, ImporterOptions, Reject } from './record.js';
import { UnreadableFile, readTextChunks } from './text-source.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const IMESSAGE_DATE = /^ *(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}), (\d{4}) {1,2}(\d{1,2}):(\d{2}):(\d{2}) ([AP]M)(.*)$/;

interface Pending {
  line: number;
  m: RegExpExecArray;
  lines: string[];
}

export async function* importImessage(file: string, opts: ImporterOptions = {}): AsyncGenerator<ImportItem[]> {
  const source = `imessage:${basename(file)}`;
  const tz = opts.tz ?? DEFAULT_TZ;
  const pending: Pending[] = [];
  const out: ImportItem[] = [];
  let line = 0;
  let current: Pending | undefined;
  const onLine = (raw: string) => {
    line++;
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const m = IMESSAGE_DATE.exec(l);
    if (m) pending.push((current = { line, m, lines: [] }));
    else if (current) current.lines.push(l);
    else if (l.trim()) out.push({ type: 'reject', file, line, reason: 'not an imessage-exporter line (no date such as "May 17, 2022  5:29:42 PM" before it)' });
  };
  try {
    let carry = '';
    for await (const chunk of readTextChunks(file, opts.chunkSize)) {
      const parts = (carry + chunk).split('\n');
      carry = parts.pop()!;
      for (const p of parts) onLine(p);
    }
    if (carry) onLine(carry);
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    const r: Reject = { type: 'reject', file, reason: e.reason, ...(line ? { line: line + 1, records: 0 } : { offset: e.offset }) };
    out.push(r);
  }
  const messages: ChatMessage[] = [];
  for (const p of pending) {
    const [, mon, d, y, h, mi, s, ap, after] = p.m as unknown as string[];
    const hour = (Number(h) % 12) + (ap === 'PM' ? 12 : 0);
    const time = Number(h) >= 1 && Number(h) <= 12 ? wallClockToUtc(Number(y), MONTHS.indexOf(mon!) + 1, Number(d), hour, Number(mi), Number(s), tz) : undefined;
    const date = p.m[0].slice(0, p.m[0].length - after!.length).trim();
    if (time === undefined) {
      out.push({ type: 'reject', file, line: p.line, reason: `not a date: "${date}"` });
      continue;
    }
    if (time < EARLIEST) {
      out.push({ type: 'reject', file, line: p.line, reason: `date ${date} is before 2000: not a date a message was written` });
      continue;
    }
    const rest = after!.trim();
    if (rest && !rest.startsWith('(')) {
      out.push({ type: 'skip', file, line: p.line, reason: 'system' });
      continue;
    }
    const lines = [...p.lines];
    while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
    const sender = lines.shift()?.trim();
    if (!sender) {
      out.push({ type: 'reject', file, line: p.line, reason: 'a date without a sender on the next line (cut short?)' });
      continue;
    }
    let kind: ChatMessage['kind'] = 'sms';
    const body = lines
      .filter((l) => l.trim() !== 'This message was deleted from the conversation!')
      .map((l) => {
        if (l.trim() === 'Attachment missing!') return (kind = 'mms'), '[attachment missing]';
        const a = /^\s*(?:\S*\/)?(?:Attachments?|attachments)\/\S*?([^/\s]+\.\w{2,5})$/.exec(l);
        if (a) return (kind = 'mms'), `[attachment ${a[1]}]`;
        return l;
      })
      .join('\n');
    const bad = textProblem(body) ?? textProblem(sender);
    if (bad) {
      out.push({ type: 'reject', file, line: p.line, reason: bad });
      continue;
    }
    messages.push({ line: p.line, time, sender, text: body, kind });
  }
  for (const b of chatItems(messages, { file, source, defaultMe: 'Me' }, opts)) for (const x of b) out.push(x);
  if (!pending.length && !out.some((x) => x.type === 'reject')) out.push({ type: 'reject', file, line: 1, reason: 'no imessage-exporter message in the file' });
  for (let i = 0; i < out.length; i += 10_000) yield out.slice(i, i + 10_000);
}
