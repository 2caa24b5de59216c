// What the chat-app importers (WhatsApp, imessage-exporter, Telegram) share: their messages
// name a sender, not a phone number, so the importer must be told which participant is the bot
// (`--me`), and a chat with more than one other participant is a group, skipped unless
// `--groups`. A participant shown as a phone number (a contact the phone had no name for) is
// pseudonymised as that number, so it meets the same dealer's SMS; a name is pseudonymised as a
// name. Neither is ever written out raw.
import type { EventKind } from '../../core/transcript.js';
import type { ImportItem, ImporterOptions, RawRecord } from './record.js';

export interface ChatMessage {
  line: number;
  time: number;
  sender: string;
  text: string;
  kind: EventKind;
  duration_s?: number;
}

/** A participant's name as compared with --me: case, spacing and direction marks ignored. */
export const nameKey = (s: string): string =>
  s
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim()
    .toLowerCase();

const NUMBER_LIKE = /^\+?[\d\s().\-/\u00a0\u202f]{8,}$/;

/** How a participant is pseudonymised: as a number when it is written as one, else as a name. */
export function identity(sender: string): { number: string; by?: 'name' } {
  const s = sender.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return NUMBER_LIKE.test(s) && s.replace(/\D/g, '').length >= 8 ? { number: s } : { number: s, by: 'name' };
}

export interface ChatContext {
  file: string;
  source: string;
  /** the participant who is the bot when --me is not given (imessage-exporter's "Me") */
  defaultMe?: string;
  /** the counterpart when --me is not given and the export names it (a Telegram personal chat) */
  defaultOther?: string;
}

/** The items of one chat in batches: records with direction from --me, or one reject for the
 * chat when it cannot tell who the bot is. Consumes `messages` (each is let go once its record
 * is made: a chat can be millions of messages). */
export function* chatItems(messages: ChatMessage[], ctx: ChatContext, opts: ImporterOptions, batch = 10_000): Generator<ImportItem[]> {
  const { file, source } = ctx;
  if (!messages.length) return;
  // a chat has a few senders written a million times: their keys once each
  const keys = new Map<string, string>();
  const keyOf = (s: string) => {
    let k = keys.get(s);
    if (k === undefined) keys.set(s, (k = nameKey(s)));
    return k;
  };
  const senders = new Map<string, string>();
  for (const m of messages) if (!senders.has(keyOf(m.sender))) senders.set(keyOf(m.sender), m.sender);
  const list = () => [...senders.values()].map((s) => `"${s}"`).join(', ');
  const first = messages[0]!.line;
  const last = messages.at(-1)!.line;
  const whole = (reason: string): ImportItem[][] => [[{ type: 'reject', file, line: first, reason, records: messages.length, ...(last > first ? { endLine: last } : {}) }]];
  let me: string | undefined;
  if (opts.me !== undefined) {
    me = nameKey(opts.me);
    if (!senders.has(me)) return yield* whole(`--me "${opts.me}" wrote nothing in this chat (participants: ${list()}): ${messages.length} messages not read`);
  } else if (ctx.defaultMe !== undefined && senders.has(nameKey(ctx.defaultMe))) me = nameKey(ctx.defaultMe);
  else if (ctx.defaultOther !== undefined) {
    const other = nameKey(ctx.defaultOther);
    const mine = [...senders.keys()].filter((k) => k !== other);
    if (mine.length <= 1) me = mine[0] ?? '\u0000none';
  } else if (senders.size === 1) me = '\u0000none';
  if (me === undefined) return yield* whole(`which participant is the bot? give --me NAME (participants: ${list()}): ${messages.length} messages not read`);
  const others = [...senders.entries()].filter(([k]) => k !== me).map(([, v]) => v);
  if (!others.length && ctx.defaultOther !== undefined) others.push(ctx.defaultOther);
  if (!others.length) return yield* whole(`only the bot ("${opts.me ?? ctx.defaultMe}") wrote in this chat: no counterpart, ${messages.length} messages not read`);
  const isGroup = others.length > 1;
  let out: ImportItem[] = [];
  const group = isGroup ? others.map(identity) : undefined;
  const one = isGroup ? undefined : identity(others[0]!);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    messages[i] = undefined as unknown as ChatMessage;
    if (out.length >= batch) yield out, (out = []);
    if (isGroup && !opts.groups) {
      out.push({ type: 'skip', file, line: m.line, reason: 'group' });
      continue;
    }
    const mine = keyOf(m.sender) === me;
    const who = one ?? identity(mine ? others[0]! : m.sender);
    const r: RawRecord = { type: 'record', number: who.number, time: m.time, direction: mine ? 'out' : 'in', kind: m.kind, text: m.text, source, file, line: m.line };
    if (who.by) r.by = who.by;
    if (group) r.group = group;
    if (m.duration_s !== undefined) r.duration_s = m.duration_s;
    out.push(r);
  }
  if (out.length) yield out;
}

/** Longest message a chat app lets anyone send (WhatsApp: 65,536 characters); a longer one is
 * a damaged file whose line breaks were lost. */
export const MAX_MESSAGE_CHARS = 65_536;

/** Why a message text cannot be read, if it cannot. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\uFFFD')) return 'text is not valid UTF-8 (a file in another encoding? export it again or save it as UTF-8)';
  if (text.includes('\u0000')) return 'text holds a NUL byte (a damaged file)';
  if (text.length > MAX_MESSAGE_CHARS) return `message of ${text.length} characters, more than a chat app sends (${MAX_MESSAGE_CHARS}): a damaged file?`;
  return undefined;
}
