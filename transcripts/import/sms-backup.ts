// SMS Backup & Restore (Android) XML: `<smses>` with `<sms>` and `<mms>` (with `<parts>` and
// `<addrs>`), and the call log `<calls>` with `<call>`. Streamed through saxes chunk by chunk,
// so a backup of hundreds of MB never sits in memory; surrogate-pair emoji references are
// rewritten before the parser (see surrogate-refs.ts).
//
// A broken file loses nothing silently. Every record start is listed as the text goes by
// (record-starts.ts), and the parser takes each record it reads off that list. After a parse
// error the parser is dropped and a new one reads on from the next record start, so one broken
// record costs that record; a start nobody read (inside a comment, swallowed by a broken tag,
// cut by the end of the file) becomes a reject that counts it. Rejects and records name the
// line where the record starts.
import { basename } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Direction } from '../../core/transcript.js';
import type { ImportItem, ImporterOptions, RawRecord, Reject } from './record.js';
import { AttributeSkipper } from './attribute-skipper.js';
import { type RecordStart, RecordStarts, type StartKind } from './record-starts.js';

const isRecord = (s: RecordStart) => s.kind !== 'other';
import { SurrogateRefRewriter } from './surrogate-refs.js';
import { UnreadableFile, readTextChunks } from './text-source.js';

type Attrs = Record<string, string>;

// Android Telephony message boxes: 1 inbox, 2 sent; the rest never reached the dealer
const MESSAGE_BOX: Record<string, Direction | string> = {
  '1': 'in',
  '2': 'out',
  '3': 'draft',
  '4': 'outbox',
  '5': 'failed',
  '6': 'queued',
};

// CallLog.Calls types: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked,
// 7 answered elsewhere. `connected` false means the dealer's time was only the ringing.
const CALL_TYPE: Record<string, { direction: Direction; connected: boolean }> = {
  '1': { direction: 'in', connected: true },
  '2': { direction: 'out', connected: true },
  '3': { direction: 'in', connected: false },
  '4': { direction: 'in', connected: true },
  '5': { direction: 'in', connected: false },
  '6': { direction: 'in', connected: false },
  '7': { direction: 'in', connected: true },
};

// MMS address types (PduHeaders): 137 = from, 151 = to
const ADDR_FROM = '137';
const ADDR_TO = '151';

/** Thrown from the parser's error handler: saxes reads on after an error in a state that has
 * lost track of the markup; the importer starts a new parser instead. */
const STOP = Symbol('parse error');
const xmlReason = (e: Error) => e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
const range = (a: number, b: number) => (b > a ? `lines ${a}–${b}` : `line ${a}`);
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

// every attribute read below; the others never reach the parser (see attribute-skipper.ts)
const READ_ATTRIBUTES = ['type', 'address', 'date', 'body', 'msg_box', 'ct', 'text', 'name', 'number', 'duration'];

interface PendingMms {
  attrs: Attrs;
  line: number;
  texts: string[];
  notes: string[];
  addrs: { address: string; type: string }[];
}

const present = (v: string | undefined): v is string => v !== undefined && v !== '' && v !== 'null';

/** Dates are milliseconds since 1970; some tools write seconds (10 digits) or microseconds
 * (16): told apart by size, since no message is from before 2000 (946,684,800 s) or after
 * 5138 (1e11 s read as ms would be March 1973, before 2000 too). */
function parseTime(v: string | undefined, units: { s: number; us: number }): number | undefined {
  if (!present(v) || !/^\d{1,17}$/.test(v)) return undefined;
  const n = Number(v);
  if (n >= 946_684_800 && n < 1e11) return units.s++, n * 1000;
  if (n >= 1e14) return units.us++, Math.floor(n / 1000);
  return n;
}

/** The importer: one file → batches of raw records, skips and rejects. */
export async function* importSmsBackup(file: string, opts: ImporterOptions = {}): AsyncGenerator<ImportItem[]> {
  const name = basename(file);
  const source = `sms-backup:${name}`;
  let out: ImportItem[] = [];
  let mms: PendingMms | undefined;
  let root: string | undefined;
  let stopped = false;
  const starts = new RecordStarts();
  const units = { s: 0, us: 0 };

  const reject = (line: number, reason: string, records?: number, endLine?: number) => {
    const r: Reject = { type: 'reject', file, line, reason };
    if (records !== undefined && records !== 1) r.records = records;
    if (endLine !== undefined && endLine > line) r.endLine = endLine;
    out.push(r);
  };

  const record = (line: number, number: string | undefined, time: number | undefined, direction: Direction, kind: RawRecord['kind'], text: string, duration_s?: number) => {
    if (!present(number)) return reject(line, `${kind} without a number (hidden or private sender)`);
    if (time === undefined) return reject(line, `${kind} with an unparseable date`);
    const r: RawRecord = { type: 'record', number, time, direction, kind, text, source, file, line };
    if (duration_s !== undefined) r.duration_s = duration_s;
    out.push(r);
  };

  /** Records no parser read: one reject per comment they lie in (`commentEnd`: the line it
   * ends on, 0 when the file ends inside it), one for the others. A comment that swallowed
   * records counts the damaged tags in it too (`<s"ms`); alone, those are just text. */
  const unread = (starts: RecordStart[], why: () => string, commentEnd = 0) => {
    for (let k = 0; k < starts.length; ) {
      let j = k;
      while (j + 1 < starts.length && starts[j + 1]!.commentLine === starts[k]!.commentLine) j++;
      const all = starts.slice(k, j + 1);
      k = j + 1;
      const group = all.filter(isRecord);
      if (!group.length) continue;
      const first = group[0]!.line;
      const last = group.at(-1)!.line;
      const c = group[0]!.commentLine;
      if (c) {
        const n = all.length;
        const end = Math.max(last, commentEnd || lineNow());
        const span = commentEnd ? `lines ${c}–${end}` : `from line ${c}, never closed`;
        const damaged = n > group.length ? ` and ${plural(n - group.length, 'damaged tag')}` : '';
        reject(c, `a comment (<!-- … -->, ${span}) holds ${plural(group.length, 'record')}${damaged} (<sms>/<mms>/<call> starts on ${range(first, last)}): not read`, n, end);
      } else reject(first, `${plural(group.length, 'record')} not read (${range(first, last)}): ${why()}`, group.length, last);
    }
  };

  const onSms = (a: Attrs, line: number) => {
    const box = MESSAGE_BOX[a.type ?? ''];
    if (box === undefined) return reject(line, `sms with unknown type "${a.type ?? ''}"`);
    if (box !== 'in' && box !== 'out') return out.push({ type: 'skip', file, line, reason: box });
    record(line, a.address, parseTime(a.date, units), box, 'sms', present(a.body) ? a.body : '');
  };

  const onMmsEnd = (m: PendingMms) => {
    const box = MESSAGE_BOX[m.attrs.msg_box ?? ''];
    if (box === undefined) return reject(m.line, `mms with unknown msg_box "${m.attrs.msg_box ?? ''}"`);
    if (box !== 'in' && box !== 'out') return out.push({ type: 'skip', file, line: m.line, reason: box });
    // The counterpart is the sender of a received MMS and the (first) recipient of a sent one;
    // the `address` attribute joins all parties with '~', so prefer the typed <addr> list.
    const want = box === 'in' ? ADDR_FROM : ADDR_TO;
    const number = m.addrs.find((x) => x.type === want && present(x.address))?.address ?? m.attrs.address?.split('~')[0];
    const text = [...m.texts, ...m.notes].join('\n');
    // a group MMS: more than two parties (the phone's own number is one of them) in <addrs>,
    // or in `address`, which joins them with '~' (the own number always among them, so a
    // group's key stays the same whichever member sent a message)
    const listed = m.addrs.length ? m.addrs.map((x) => x.address) : (m.attrs.address ?? '').split('~');
    const seen = new Map<string, string>();
    for (const x of listed) if (present(x.trim())) seen.set(x.replace(/\D/g, '').slice(-9), x.trim());
    const parties = [...seen.values()];
    if (parties.length > 2) {
      if (!opts.groups) return out.push({ type: 'skip', file, line: m.line, reason: 'group' });
      const before = out.length;
      record(m.line, number ?? parties[0], parseTime(m.attrs.date, units), box, 'mms', text);
      const r = out[before];
      if (r?.type === 'record') r.group = parties.map((p) => ({ number: p }));
      return;
    }
    record(m.line, number, parseTime(m.attrs.date, units), box, 'mms', text);
  };

  const onCall = (a: Attrs, line: number) => {
    const t = CALL_TYPE[a.type ?? ''];
    if (!t) return reject(line, `call with unknown type "${a.type ?? ''}"`);
    const d = a.duration ?? '0';
    if (!/^\d+$/.test(d)) return reject(line, `call with unparseable duration "${d}"`);
    record(line, a.number, parseTime(a.date, units), t.direction, 'call', '', t.connected ? Number(d) : 0);
  };

  // The parser in use reads the text from index `begin` on, after `prefix` (the root element
  // a parser started at a record needs); its line 1 is the file's line `firstLine`.
  let parser!: SaxesParser<{ position: true; xmlns: false }>;
  let begin = 0;
  let prefixLength = 0;
  let firstLine = 1;
  let syntheticRoot = false;
  let failure: { reason: string; at: number; line: number } | undefined;
  /** after an error: read on from the first record start after this index (a damaged tag: from
   * `otherFrom` on, where the error was noticed) */
  let resyncAfter: number | undefined;
  let otherFrom = 0;
  const at = () => begin + parser.position - prefixLength;
  const lineNow = () => parser.line - 1 + firstLine;

  const startParser = (from: number, line: number, prefix: string) => {
    parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
    begin = from;
    firstLine = line;
    prefixLength = prefix.length;
    syntheticRoot = prefix !== '';
    parser.on('opentag', onOpen);
    parser.on('closetag', (tag) => {
      if (tag.name === 'mms' && mms) {
        onMmsEnd(mms);
        mms = undefined;
      }
    });
    parser.on('comment', () => {
      // the starts before the end of a comment that no parser read: inside it (or swallowed
      // before it by something that did not raise an error)
      unread(starts.takeBefore(at()), () => 'inside markup the parser skipped', lineNow());
    });
    parser.on('error', (e: Error) => {
      failure = { reason: xmlReason(e), at: at(), line: lineNow() };
      throw STOP;
    });
    if (prefix) parser.write(prefix);
  };

  const onOpen = (tag: SaxesTagPlain) => {
    const a = tag.attributes;
    if (syntheticRoot) return void (syntheticRoot = false);
    if (root === undefined) {
      root = tag.name;
      if (root !== 'smses' && root !== 'calls') {
        reject(lineNow(), `not an SMS Backup & Restore file: root element <${root}>, expected <smses> or <calls>`);
        stopped = true;
      }
      return;
    }
    if (tag.name !== 'sms' && tag.name !== 'call' && tag.name !== 'mms') {
      // an element of no record: its tag start is off the list, and any record before it the
      // parser passed over without reading is counted
      if (tag.name !== 'part' && tag.name !== 'addr' && tag.name !== 'parts' && tag.name !== 'addrs')
        unread(starts.takeBefore(at()), () => 'swallowed by the malformed XML before the next tag');
    }
    switch (tag.name) {
      case 'sms':
      case 'call':
      case 'mms': {
        // this record's start, and before it any the parser passed over without reading
        const taken = starts.takeBefore(at());
        const mine = taken.pop();
        if (taken.length) unread(taken, () => 'swallowed by the malformed XML before the next record');
        const line = mine?.line ?? lineNow();
        if (tag.name === 'sms') onSms(a, line);
        else if (tag.name === 'call') onCall(a, line);
        else mms = { attrs: a, line, texts: [], notes: [], addrs: [] };
        return;
      }
      case 'part':
        if (!mms) return;
        if (a.ct === 'application/smil') return; // layout, not content
        if (a.ct === 'text/plain') {
          if (present(a.text)) mms.texts.push(a.text);
        } else mms.notes.push(`[${a.ct || 'attachment'}${present(a.name) ? ` ${a.name}` : ''}]`);
        return;
      case 'addr':
        if (mms) mms.addrs.push({ address: a.address ?? '', type: a.type ?? '' });
        return;
    }
  };

  /** A parse error: the records it leaves unread are one reject, and reading goes on at the
   * next record start (the error may be noticed a few characters into it: `<` in a value). */
  const onFailure = (atEnd: boolean) => {
    const f = failure!;
    failure = undefined;
    const after = Math.max(f.at - 6, begin);
    const next = atEnd ? undefined : starts.firstAfter(after, f.at);
    const lost = starts.takeBefore(next ? next.at : Infinity);
    const inComment = lost.filter((s) => s.commentLine);
    const plain = lost.filter((s) => !s.commentLine && isRecord(s));
    // a tag whose name a damaged byte broke (`<s\0ms`) was a record too, if no other was lost
    const broken = lost.find((s) => !s.commentLine && !isRecord(s));
    const open = mms ? 1 : plain.length === 0 && broken ? 1 : 0;
    const first = mms?.line ?? plain[0]?.line ?? broken?.line ?? f.line;
    mms = undefined;
    const what = atEnd ? 'truncated XML' : 'malformed XML';
    if (open + plain.length === 0) reject(f.line, `${what}: ${f.reason} (between records: none lost)`, 0);
    else {
      const n = open + plain.length;
      const last = plain.at(-1)?.line ?? first;
      reject(first, n > 1 ? `${what}: ${f.reason} (${n} records unread, ${range(first, last)})` : `${what}: ${f.reason}`, n, last);
    }
    // (at the end of the file: inside a comment never closed; else one the error cut short)
    if (inComment.length) unread(inComment, () => '', atEnd ? 0 : f.line);
    resyncAfter = atEnd ? undefined : after;
    otherFrom = f.at;
  };

  /** Gives the parser the next piece of text (the text from index `from` on), reading on after
   * errors from the next record start. */
  const feed = (text: string, from: number) => {
    let piece = text;
    for (;;) {
      if (stopped) return;
      if (resyncAfter !== undefined) {
        const next = starts.firstAfter(resyncAfter, otherFrom);
        if (!next) return; // no record starts in what was read so far: wait for more text
        resyncAfter = undefined;
        starts.outsideComments(next.at);
        piece = text.slice(Math.max(0, next.at - from));
        // a parser read on from a record needs a root element around it
        root ??= rootFor(next.kind);
        startParser(next.at, next.line, `<${root}>`);
      }
      try {
        parser.write(piece);
        return;
      } catch (e) {
        if (e !== STOP) throw e;
        onFailure(false);
      }
    }
  };

  startParser(0, 1, '');
  const rewriter = new SurrogateRefRewriter();
  // attributes never read (MMS pictures, most of a backup's bytes) are dropped as bytes
  const skipper = new AttributeSkipper(READ_ATTRIBUTES);
  // The parser reads only text the scan has been through: a tag start the chunk's end cut is
  // held back from both until the next chunk completes it.
  const next = (text: string, end = false) => {
    const held = starts.heldText();
    starts.scan(text, end);
    const all = held.text + text;
    const scanned = all.slice(0, all.length - starts.heldText().text.length);
    if (scanned) feed(scanned, held.at);
  };
  try {
    for await (const chunk of readTextChunks(file, opts.chunkSize, skipper)) {
      next(rewriter.push(chunk));
      if (out.length) yield out, (out = []);
      if (stopped) return;
    }
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    yield [...out, { type: 'reject', file, offset: e.offset, reason: e.reason }];
    return;
  }
  next(rewriter.end(), true);
  if (root === undefined) {
    reject(lineNow(), 'no XML element found: not an SMS Backup & Restore file');
  } else if (!stopped && resyncAfter === undefined) {
    try {
      parser.close();
    } catch (e) {
      if (e !== STOP) throw e;
      onFailure(true);
    }
  }
  // whatever is still on the list was never read (the file ended while waiting for a record)
  unread(starts.takeBefore(Infinity), () => 'the parser did not reach them');
  if (units.s) out.push({ type: 'note', file, text: `${plural(units.s, 'date')} in seconds since 1970, not milliseconds: read as seconds` });
  if (units.us) out.push({ type: 'note', file, text: `${plural(units.us, 'date')} in microseconds since 1970, not milliseconds: read as microseconds` });
  if (out.length) yield out;
}

function rootFor(kind: StartKind): string {
  return kind === 'call' ? 'calls' : 'smses';
}
