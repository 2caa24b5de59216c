// WhatsApp "Export chat" (without or with media): a `.txt` file, or a `.zip` holding `_chat.txt`
// (iOS) or `WhatsApp Chat with NAME.txt` (Android) beside the media. One message per line
// start, continued on the lines after it until the next line start:
//   iOS      `[03/10/2026, 21:14:05] Name: text`      (nl: `[03-10-2026 21:14:05]`, fi: `[3.10.2026 klo 21.14.05]`)
//   Android  `03/10/2026, 21:14 - Name: text`          (nl: `03-10-2026 21:14 - `, fr: `03/10/2026 à 21:14 - `)
//   12-hour  `10/3/26, 9:14 PM - Name: text`, `[10/3/26, 9:14:05 PM] Name: text` (en-US)
// Lines without a sender (Android) and the notices WhatsApp writes itself ("Messages and calls
// are end-to-end encrypted", a changed security code, a group created) are skipped as `system`;
// media left out of the export ("<Media omitted>", "image omitted", "<Media weggelaten>") or
// attached to it become `mms` events with a note in brackets, never the file.
// Times are the phone's wall clock, read in --tz. Whether 03/10 is 3 October or 10 March is
// read from the data (a day above 12; else the order that keeps the messages in time order),
// or given with --date-order; the choice is said in one note.
import { basename } from 'node:path';
import { type ChatMessage, chatItems, textProblem } from './chat.js';
import { DEFAULT_TZ, EARLIEST, wallClockToUtc } from './dates.js';
import type { DateOrder, ImportItem, ImporterOptions, Reject } from './record.js';
import { UnreadableFile, decodeTextChunks, readFileBytes } from './text-source.js';
import { isZip, openZipEntry } from './zip.js';

// The start of a message: a date, a time and the separator of one of the styles above. Groups:
// 1–3 the date's fields, 4 hour, 5 minute, 6 second, 7 a/p of a 12-hour clock.
export const WHATSAPP_LINE =
  /^[\u200e\u200f]?\[?(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),?[ \u00a0]+(?:à |om |klo )?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[ \u00a0\u202f]?([AaPp])\.? ?[Mm]\.?)?(?:\] ?| [-–] )/;

/** Whether some lines of a text look like a WhatsApp export (for format detection). */
export function looksLikeWhatsapp(head: string): boolean {
  const lines = head.split(/\r?\n/, 20).filter((l) => l.trim());
  return lines.length > 0 && WHATSAPP_LINE.test(lines[0]!) && /^[^:]*\S/.test(lines[0]!.replace(WHATSAPP_LINE, ''));
}

// Notices WhatsApp writes into the chat itself, in en, nl and fr (and bits of de). The first
// list always; the second (words a dealer could write too) only where iOS marks the text as a
// notice with a leading left-to-right mark.
const SYSTEM = [
  /end-to-end[- ](?:encrypted|encryption|versleuteld|versleuteling|verschlüsselt)|chiffrés de bout en bout|chiffrement de bout en bout/i,
  /security code (?:with .* )?changed|beveiligingscode .*gewijzigd|code de sécurité .*a changé/i,
  /disappearing messages|verdwijnende berichten|messages éphémères/i,
  /is a contact\.?$|is een contact\.?$|tap to learn more|tik voor meer info|appuyez pour en savoir plus/i,
  /you blocked this contact|you unblocked this contact|je hebt dit contact (?:geblokkeerd|gedeblokkeerd)|vous avez (?:bloqué|débloqué) ce contact/i,
  /^(?:this message was deleted|you deleted this message|dit bericht is verwijderd|je hebt dit bericht verwijderd|ce message a été supprimé|vous avez supprimé ce message)\.?$/i,
  /^(?:null|waiting for this message\.?.*|wachten op dit bericht.*|en attente de ce message.*)$/i,
];
const SYSTEM_MARKED = [
  /\b(?:created group|created this group|heeft groep .* aangemaakt|heeft deze groep aangemaakt|a créé (?:le )?groupe)\b/i,
  /\b(?:added|removed|left|joined using this group's invite link)\b|heeft .* (?:toegevoegd|verwijderd)|heeft de groep verlaten|a (?:ajouté|retiré)|est parti/i,
  /changed (?:the subject|this group's icon|the group description|their phone number|to)|heeft (?:het onderwerp|de groepsafbeelding|de groepsbeschrijving) gewijzigd|a modifié (?:le sujet|l'icône|la description)/i,
];

// Media left out of the export, or attached beside it (with its file name).
const MEDIA_OMITTED =
  /^<?(?:media omitted|media weggelaten|médias omis|medien ausgeschlossen|(?:image|video|audio|sticker|gif|document|contact card|afbeelding|foto|sticker|document|audio|vidéo|image|autocollant) (?:omitted|weggelaten|omis|absente?))>?$/i;
const ATTACHED = /^<(?:attached|bijgevoegd|pièce jointe) ?: ?([^>]+)>$|^(\S+\.\w{2,5}) \((?:file attached|bestand bijgevoegd|fichier joint)\)$/i;
const MISSED_CALL = /^(?:missed (?:voice|video) call|gemiste (?:spraak|video)oproep|appel (?:vocal|vidéo) manqué)$/i;
const EDITED = /\s*<(?:this message was edited|dit bericht is bewerkt|ce message a été modifié)>$/i;

// what is kept of a message until the date order is known: its line start as written (parsed
// again then: cheaper in memory than its seven fields) and the rest
interface Pending {
  line: number;
  head: string;
  rest: string;
}

const fieldsOf = (head: string): string[] => WHATSAPP_LINE.exec(head)!.slice(1, 8).map((x) => x ?? '');

/** The chat's text: the file itself, or its chat entry when it is a zip. */
async function chatBytes(file: string, chunkSize: number | undefined): Promise<{ name: string; bytes: AsyncIterable<Buffer> }> {
  const { open } = await import('node:fs/promises');
  const fh = await open(file, 'r');
  const head = Buffer.alloc(4);
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (!isZip(head)) return { name: file, bytes: readFileBytes(file, chunkSize) };
  const e = await openZipEntry(
    file,
    (names) => names.find((n) => /(^|\/)_chat\.txt$/.test(n)) ?? names.find((n) => /(^|\/)WhatsApp[^/]*\.txt$/i.test(n)) ?? (names.filter((n) => n.endsWith('.txt')).length === 1 ? names.find((n) => n.endsWith('.txt')) : undefined),
    'a WhatsApp chat (_chat.txt or "WhatsApp Chat with ….txt")',
  );
  return { name: `${file}/${e.name}`, bytes: e.bytes };
}

type Order = Exclude<DateOrder, 'auto'>;

/** Day, month, year of a date's three fields in an order, or undefined when they cannot be. */
function dmyOf(f: string[], order: Order): [number, number, number] | undefined {
  const [a, b, c] = f.map(Number) as [number, number, number];
  const year = (y: string, n: number) => (y.length <= 2 ? 2000 + n : n);
  if (order === 'ymd') return f[0]!.length === 4 ? [c, b, a] : undefined;
  if (f[2]!.length !== 2 && f[2]!.length !== 4) return undefined;
  return order === 'dmy' ? [a, b, year(f[2]!, c)] : [b, a, year(f[2]!, c)];
}

/** The date order of the data: a field above 12 decides; else the order that keeps messages in
 * time order (an export is in time order); else day first, as everywhere but the US. */
export function resolveDateOrder(all: string[][]): { order: Order; why: string } {
  if (all.some((f) => f[0]!.length === 4)) return { order: 'ymd', why: 'the year comes first' };
  const firstBig = all.find((f) => Number(f[0]) > 12);
  const secondBig = all.find((f) => Number(f[1]) > 12);
  if (firstBig && !secondBig) return { order: 'dmy', why: `day first (${firstBig.slice(0, 3).join('/')} has a day above 12)` };
  if (secondBig && !firstBig) return { order: 'mdy', why: `month first (${secondBig.slice(0, 3).join('/')} has a day above 12)` };
  const backwards = (o: Order) => {
    let n = 0;
    let prev = -Infinity;
    for (const f of all) {
      const d = dmyOf(f, o);
      if (!d) continue;
      const t = Date.UTC(d[2], d[1] - 1, d[0]);
      if (t < prev) n++;
      prev = t;
    }
    return n;
  };
  const dmy = backwards('dmy');
  const mdy = backwards('mdy');
  if (mdy < dmy) return { order: 'mdy', why: `month first (day first would put ${dmy} dates out of time order, month first ${mdy})` };
  if (dmy < mdy) return { order: 'dmy', why: `day first (month first would put ${mdy} dates out of time order, day first ${dmy})` };
  return { order: 'dmy', why: 'day first: the data cannot tell (no day above 12), give --date-order mdy if it is month first' };
}

export async function* importWhatsapp(file: string, opts: ImporterOptions = {}): AsyncGenerator<ImportItem[]> {
  const source = `whatsapp:${basename(file)}`;
  const tz = opts.tz ?? DEFAULT_TZ;
  let where = file;
  const pending: Pending[] = [];
  const rejects: Reject[] = [];
  let current: Pending | undefined;
  let line = 0;
  try {
    const { name, bytes } = await chatBytes(file, opts.chunkSize);
    where = name;
    let carry = '';
    const onLine = (raw: string) => {
      line++;
      const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const m = WHATSAPP_LINE.exec(l);
      if (m) {
        current = { line, head: m[0], rest: l.slice(m[0].length) };
        pending.push(current);
      } else if (current) current.rest += '\n' + l;
      else if (l.trim()) rejects.push({ type: 'reject', file: where, line, reason: 'not a WhatsApp message line (no date and time at its start, and no message before it to continue)' });
    };
    for await (const chunk of decodeTextChunks(bytes, opts.chunkSize)) {
      const parts = (carry + chunk).split('\n');
      carry = parts.pop()!;
      for (const p of parts) onLine(p);
    }
    if (carry) onLine(carry);
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    rejects.push({ type: 'reject', file: where, ...(line ? { line: line + 1 } : { offset: e.offset }), reason: e.reason, ...(line ? { records: 0 } : {}) });
  }
  const out: ImportItem[] = rejects;
  if (!pending.length) {
    if (!rejects.length) out.push({ type: 'reject', file: where, line: 1, reason: 'no WhatsApp message in the file (no line starts with a date and a time)' });
    yield out;
    return;
  }
  let order: Order;
  if (opts.dateOrder && opts.dateOrder !== 'auto') order = opts.dateOrder;
  else {
    const r = resolveDateOrder(pending.map((p) => fieldsOf(p.head).slice(0, 3)));
    order = r.order;
    out.push({ type: 'note', file: where, text: `dates read ${r.why}` });
  }
  const messages: ChatMessage[] = [];
  for (const p of pending) {
    const fields = fieldsOf(p.head);
    const [, , , h0, mi, s, ap] = fields as [string, string, string, string, string, string, string];
    const d = dmyOf(fields, order);
    let h = Number(h0);
    if (ap) {
      if (h < 1 || h > 12) h = 99;
      else h = (h % 12) + (/p/i.test(ap) ? 12 : 0);
    }
    const date = `${fields.slice(0, 3).join('/')} ${h0}:${mi}${s ? ':' + s : ''}${ap ? ' ' + ap + 'M' : ''}`;
    const time = d ? wallClockToUtc(d[2], d[1], d[0], h, Number(mi), s ? Number(s) : 0, tz) : undefined;
    if (time === undefined) {
      out.push({ type: 'reject', file: where, line: p.line, reason: `not a date in the order ${order}: "${date}"${opts.dateOrder && opts.dateOrder !== 'auto' ? ' (--date-order)' : ''}` });
      continue;
    }
    if (time < EARLIEST) {
      out.push({ type: 'reject', file: where, line: p.line, reason: `date ${date} is before 2000: not a date a chat was written` });
      continue;
    }
    const rest = p.rest.replace(/^[\u200e\u200f]/, '');
    const sm = /^([^:\n]{1,100}?): /.exec(rest) ?? /^([^:\n]{1,100}?):$/.exec(rest);
    const body = sm ? rest.slice(sm[0].length) : rest;
    const marked = /^[\u200e\u200f]/.test(body);
    const text0 = body.replace(/^[\u200e\u200f]+/, '').replace(EDITED, '');
    if (!sm || SYSTEM.some((r) => r.test(text0)) || (marked && SYSTEM_MARKED.some((r) => r.test(text0)))) {
      out.push({ type: 'skip', file: where, line: p.line, reason: 'system' });
      continue;
    }
    const bad = textProblem(text0) ?? textProblem(sm[1]!);
    if (bad) {
      out.push({ type: 'reject', file: where, line: p.line, reason: bad });
      continue;
    }
    const sender = sm[1]!;
    if (MISSED_CALL.test(text0.trim())) {
      messages.push({ line: p.line, time, sender, text: '', kind: 'call', duration_s: 0 });
      continue;
    }
    const media = mediaNote(text0);
    messages.push({ line: p.line, time, sender, text: media ?? text0, kind: media !== undefined ? 'mms' : 'sms' });
  }
  // what is no longer needed is let go before the records are made (a chat can be millions
  // of messages)
  pending.length = 0;
  for (let i = 0; i < out.length; i += 10_000) yield out.slice(i, i + 10_000);
  out.length = 0;
  yield* chatItems(messages, { file: where, source }, opts);
}

/** The bracketed note of a media line (`[media omitted]`, `[attachment IMG-….jpg]`), or
 * undefined for a text. A caption after an attached file stays with it. */
function mediaNote(text: string): string | undefined {
  const [firstLine, ...more] = text.split('\n');
  const t = firstLine!.trim();
  if (MEDIA_OMITTED.test(t)) return ['[media omitted]', ...more].join('\n');
  const a = ATTACHED.exec(t);
  if (a) return [`[attachment ${(a[1] ?? a[2])!.trim()}]`, ...more].join('\n');
  return undefined;
}
