// Telegram Desktop "Export chat history" / "Export Telegram data" as JSON (`result.json`): one
// chat `{name, type, id, messages: [...]}`, or a whole account `{…, chats: {list: [chat, …]}}`.
// A message (as in the exports described by tg-parser's docs/TELEGRAM_FORMAT.md and seen in
// public result.json samples): `{id, type: "message", date: "2026-10-03T23:14:00" (wall clock),
// date_unixtime: "1791062040" (UTC seconds, newer exports), from, from_id, text: "…" or
// [ "…", {type, text}, … ], media_type?, photo?, file?}`; a service message
// `{type: "service", action, actor, …}` (a `phone_call` with `duration_seconds` and
// `discard_reason` is a call, the others are `system`).
//
// The file is not parsed as one document: each message object is cut out by a scanner that
// knows strings and brackets and parsed alone, so a damaged message costs that message, a file
// cut short keeps every message before the cut, and each reject names the line its message
// starts on.
import { basename } from 'node:path';
import { type ChatMessage, chatItems, textProblem } from './chat.js';
import { DEFAULT_TZ, EARLIEST, wallClockToUtc } from './dates.js';
import type { ImportItem, ImporterOptions } from './record.js';
import { UnreadableFile, readTextChunks } from './text-source.js';

/** Whether a JSON head is a Telegram export (for format detection). */
export const looksLikeTelegram = (head: string): boolean =>
  // (an account export starts with its owner and contacts: its chats may lie far beyond the head)
  /"messages"\s*:\s*\[/.test(head) || /"personal_information"\s*:\s*\{/.test(head) || /"chats"\s*:\s*\{\s*"about"/.test(head);

const GROUP_TYPES = /group|supergroup|channel/;

interface Chat {
  name?: string;
  type?: string;
  line: number;
  messages: ChatMessage[];
  items: ImportItem[];
}

type Json = Record<string, unknown>;

function textOf(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' && typeof (x as Json).text === 'string' ? ((x as Json).text as string) : '')).join('');
  return undefined;
}

function timeOf(m: Json, tz: string): number | undefined {
  const u = m.date_unixtime;
  if (typeof u === 'string' && /^\d{9,11}$/.test(u)) return Number(u) * 1000;
  const d = typeof m.date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(m.date) : null;
  return d ? wallClockToUtc(+d[1]!, +d[2]!, +d[3]!, +d[4]!, +d[5]!, +d[6]!, tz) : undefined;
}

/** Cuts a JSON text into the objects of every `"messages": [` array; calls back with each
 * object's text and start line, and with the chat fields seen before its array. */
class Scanner {
  line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  private key = '';
  /** where the string being read started in this push's text; -2: in an earlier one, whose
   * part is `partialKey` */
  private keyAt = -1;
  private partialKey = '';
  /** the last character outside strings, spaces aside, was a ':' */
  private afterColon = false;
  /** depth of the array of messages being read, and where its current object started */
  private arrayDepth = -1;
  private objStart = -1;
  private objLine = 0;
  private buf = '';
  private recent = '';
  constructor(
    private readonly onMessage: (text: string, line: number) => void,
    private readonly onChat: (recent: string, line: number) => void,
  ) {}

  push(text: string) {
    const s = this.buf + text;
    let from = 0;
    for (let i = this.buf.length; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) {
          this.inString = false;
          if (this.objStart < 0) this.key = this.keyAt === -2 ? this.partialKey + s.slice(0, i) : s.slice(this.keyAt, i);
          this.afterColon = false;
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      const colon = this.afterColon;
      this.afterColon = c === 58;
      if (c === 34) {
        this.inString = true;
        this.keyAt = i + 1;
      } else if (c === 91 /* [ */) {
        this.depth++;
        if (this.arrayDepth < 0 && this.key === 'messages' && colon) {
          this.arrayDepth = this.depth;
          this.onChat(this.recent + s.slice(from, i), this.line);
          this.recent = '';
          from = i;
        }
      } else if (c === 123 /* { */) {
        this.depth++;
        if (this.arrayDepth >= 0 && this.depth === this.arrayDepth + 1) {
          this.objStart = i;
          this.objLine = this.line;
        }
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (this.arrayDepth >= 0 && this.depth === this.arrayDepth + 1 && c === 125 && this.objStart >= 0) {
          this.onMessage(s.slice(this.objStart, i + 1), this.objLine);
          this.objStart = -1;
          from = i + 1;
        }
        if (c === 93 && this.depth === this.arrayDepth) this.arrayDepth = -1;
        this.depth--;
        this.key = '';
      }
    }
    if (this.inString && this.objStart < 0) {
      // a key cut by the end of the text
      this.partialKey = (this.keyAt === -2 ? this.partialKey + s : s.slice(this.keyAt)).slice(-100);
      this.keyAt = -2;
    }
    if (this.objStart >= 0) {
      // keep the object being read; drop what is before it
      this.buf = s.slice(this.objStart);
      this.objStart = 0;
    } else {
      this.recent = (this.recent + s.slice(from)).slice(-4000);
      this.buf = '';
    }
  }

  /** The start line of a message object the text ended in, if it did. */
  cut(): number | undefined {
    return this.objStart >= 0 ? this.objLine : undefined;
  }
}

const lastString = (text: string, key: string) => [...text.matchAll(new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'g'))].at(-1)?.[1];

export async function* importTelegram(file: string, opts: ImporterOptions = {}): AsyncGenerator<ImportItem[]> {
  const source = `telegram:${basename(file)}`;
  const tz = opts.tz ?? DEFAULT_TZ;
  const chats: Chat[] = [];
  const out: ImportItem[] = [];
  let chat: Chat | undefined;
  const scanner = new Scanner(
    (raw, line) => {
      if (!chat) return;
      let m: Json;
      try {
        m = JSON.parse(raw) as Json;
      } catch (e) {
        chat.items.push({ type: 'reject', file, line, reason: `damaged message: ${(e as Error).message}` });
        return;
      }
      const time = timeOf(m, tz);
      if (time === undefined) return void chat.items.push({ type: 'reject', file, line, reason: `message without a readable date (date ${JSON.stringify(m.date ?? null)}, date_unixtime ${JSON.stringify(m.date_unixtime ?? null)})` });
      if (time < EARLIEST) return void chat.items.push({ type: 'reject', file, line, reason: `date ${new Date(time).toISOString()} is before 2000: not a date a message was written` });
      if (m.type === 'service') {
        if (m.action === 'phone_call' && typeof m.actor === 'string') {
          const missed = m.discard_reason === 'missed' || m.discard_reason === 'busy';
          const d = typeof m.duration_seconds === 'number' && !missed ? m.duration_seconds : 0;
          chat.messages.push({ line, time, sender: m.actor, text: '', kind: 'call', duration_s: d });
        } else chat.items.push({ type: 'skip', file, line, reason: 'system' });
        return;
      }
      if (m.type !== 'message') return void chat.items.push({ type: 'reject', file, line, reason: `message of unknown type ${JSON.stringify(m.type ?? null)}` });
      const sender = typeof m.from === 'string' ? m.from : typeof m.from_id === 'string' ? m.from_id : undefined;
      if (!sender) return void chat.items.push({ type: 'reject', file, line, reason: 'message without a sender (from, from_id)' });
      let text = textOf(m.text);
      if (text === undefined) return void chat.items.push({ type: 'reject', file, line, reason: 'message whose text is neither a string nor a list of pieces' });
      let kind: ChatMessage['kind'] = 'sms';
      const media = typeof m.media_type === 'string' ? m.media_type : m.photo !== undefined ? 'photo' : m.file !== undefined ? 'file' : undefined;
      if (media) {
        kind = 'mms';
        text = [`[${media}]`, text].filter(Boolean).join('\n');
      }
      const bad = textProblem(text);
      if (bad) return void chat.items.push({ type: 'reject', file, line, reason: bad });
      chat.messages.push({ line, time, sender, text, kind });
    },
    (recent, line) => {
      chat = { name: lastString(recent, 'name'), type: lastString(recent, 'type'), line, messages: [], items: [] };
      chats.push(chat);
    },
  );
  try {
    for await (const chunk of readTextChunks(file, opts.chunkSize)) scanner.push(chunk);
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    out.push({ type: 'reject', file, offset: e.offset, reason: e.reason });
  }
  const cut = scanner.cut();
  if (cut !== undefined && chat) chat.items.push({ type: 'reject', file, line: cut, reason: 'file cut short inside this message' });
  if (!chats.length && !out.length) out.push({ type: 'reject', file, line: 1, reason: 'no "messages" list: not a Telegram Desktop export' });
  for (const c of chats) {
    for (const x of c.items) out.push(x);
    if (c.type === 'saved_messages') {
      for (const m of c.messages) out.push({ type: 'skip', file, line: m.line, reason: 'saved messages' });
      continue;
    }
    const group = c.type !== undefined && GROUP_TYPES.test(c.type);
    const items = () => chatItems(c.messages, { file, source, ...(group || c.name === undefined ? {} : { defaultOther: c.name }) }, group && !opts.groups ? { ...opts, me: undefined } : opts);
    // a group is skipped whoever the bot is
    if (group && !opts.groups) for (const m of c.messages) out.push({ type: 'skip', file, line: m.line, reason: 'group' });
    else for (const b of items()) for (const x of b) out.push(x);
  }
  out.sort((a, b) => ('line' in a && 'line' in b ? (a.line ?? 0) - (b.line ?? 0) : 0));
  for (let i = 0; i < out.length; i += 10_000) yield out.slice(i, i + 10_000);
}
