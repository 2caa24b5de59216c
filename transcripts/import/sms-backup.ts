// SMS Backup & Restore (Android) XML: `<smses>` with `<sms>` and `<mms>` (with `<parts>` and
// `<addrs>`), and the call log `<calls>` with `<call>`. Streamed through saxes chunk by chunk,
// so a backup of hundreds of MB never sits in memory; surrogate-pair emoji references are
// rewritten before the parser (see surrogate-refs.ts).
import { basename } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Direction } from '../../core/transcript.js';
import type { ImportItem, ImporterOptions, RawRecord } from './record.js';
import { AttributeSkipper } from './attribute-skipper.js';
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

const MAX_XML_ERRORS = 10;

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

function parseTime(v: string | undefined): number | undefined {
  if (!present(v) || !/^\d{1,15}$/.test(v)) return undefined;
  return Number(v);
}

/** The importer: one file → batches of raw records, skips and rejects. */
export async function* importSmsBackup(file: string, opts: ImporterOptions = {}): AsyncGenerator<ImportItem[]> {
  const name = basename(file);
  const source = `sms-backup:${name}`;
  let out: ImportItem[] = [];
  let mms: PendingMms | undefined;
  let root: string | undefined;
  let xmlErrors = 0;
  let stopped = false;

  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const reject = (line: number, reason: string) => out.push({ type: 'reject', file, line, reason });

  const record = (line: number, number: string | undefined, time: number | undefined, direction: Direction, kind: RawRecord['kind'], text: string, duration_s?: number) => {
    if (!present(number)) return reject(line, `${kind} without a number (hidden or private sender)`);
    if (time === undefined) return reject(line, `${kind} with an unparseable date`);
    const r: RawRecord = { type: 'record', number, time, direction, kind, text, source, file, line };
    if (duration_s !== undefined) r.duration_s = duration_s;
    out.push(r);
  };

  const onSms = (a: Attrs, line: number) => {
    const box = MESSAGE_BOX[a.type ?? ''];
    if (box === undefined) return reject(line, `sms with unknown type "${a.type ?? ''}"`);
    if (box !== 'in' && box !== 'out') return out.push({ type: 'skip', file, line, reason: box });
    record(line, a.address, parseTime(a.date), box, 'sms', present(a.body) ? a.body : '');
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
    record(m.line, number, parseTime(m.attrs.date), box, 'mms', text);
  };

  const onCall = (a: Attrs, line: number) => {
    const t = CALL_TYPE[a.type ?? ''];
    if (!t) return reject(line, `call with unknown type "${a.type ?? ''}"`);
    const d = a.duration ?? '0';
    if (!/^\d+$/.test(d)) return reject(line, `call with unparseable duration "${d}"`);
    record(line, a.number, parseTime(a.date), t.direction, 'call', '', t.connected ? Number(d) : 0);
  };

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const a = tag.attributes;
    const line = parser.line;
    if (root === undefined) {
      root = tag.name;
      if (root !== 'smses' && root !== 'calls') {
        reject(line, `not an SMS Backup & Restore file: root element <${root}>, expected <smses> or <calls>`);
        stopped = true;
      }
      return;
    }
    switch (tag.name) {
      case 'sms':
        return void onSms(a, line);
      case 'call':
        return void onCall(a, line);
      case 'mms':
        mms = { attrs: a, line, texts: [], notes: [], addrs: [] };
        return;
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
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'mms' && mms) {
      onMmsEnd(mms);
      mms = undefined;
    }
  });
  parser.on('error', (e: Error) => {
    xmlErrors++;
    const reason = e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    reject(parser.line, `malformed XML: ${reason}`);
    if (xmlErrors >= MAX_XML_ERRORS) {
      reject(parser.line, `too many XML errors; rest of file not read`);
      stopped = true;
    }
  });

  const rewriter = new SurrogateRefRewriter();
  // attributes never read (MMS pictures, most of a backup's bytes) are dropped as bytes
  const skipper = new AttributeSkipper(READ_ATTRIBUTES);
  try {
    for await (const chunk of readTextChunks(file, opts.chunkSize, skipper)) {
      parser.write(rewriter.push(chunk));
      if (out.length) yield out, (out = []);
      if (stopped) return;
    }
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    yield [...out, { type: 'reject', file, offset: e.offset, reason: e.reason }];
    return;
  }
  const tail = rewriter.end();
  if (tail) parser.write(tail);
  if (root === undefined) {
    out.push({ type: 'reject', file, line: parser.line, reason: 'no XML element found: not an SMS Backup & Restore file' });
  } else {
    const before = out.length;
    parser.on('error', (e: Error) => {
      out.push({ type: 'reject', file, line: parser.line, reason: `truncated XML: ${e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}` });
    });
    parser.close();
    // one line is enough for a truncated file: keep the first close error
    out.splice(before + 1);
  }
  if (out.length) yield out;
}
