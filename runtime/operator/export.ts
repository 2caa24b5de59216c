// `dealerbot export`: the runtime log as transcript v1 (DESIGN.md), ready for `train` and
// `evaluate`: `in` events with the act read, `out` sms with tactic, propensity and policy, and
// `wait` decisions. Numbers are stored raw (the bot must reply) but leave only as pseudonyms.
import { createHmac } from 'node:crypto';
import { DEALER_ACTS } from '../../core/acts.js';
import { DealerbotError } from '../../lib/errors.js';
import { TACTICS } from '../../core/tactics.js';
import { parseEvent, type TranscriptEvent } from '../../transcripts/schema.js';
import { writeFileAtomic } from '../../lib/atomic-write.js';
import { Pseudonymizer } from '../../transcripts/pseudonym.js';
import type { ConversationRow, EventRow, Store } from '../store/store.js';

const ACTS: ReadonlySet<string> = new Set(DEALER_ACTS);
const TACTIC_SET: ReadonlySet<string> = new Set(TACTICS);

export function* transcriptEvents(store: Store, key: Buffer | string): Generator<TranscriptEvent> {
  const ps = new Pseudonymizer(Buffer.from(key));
  const convs = store.db.prepare(`SELECT * FROM conversations ORDER BY id`).all() as ConversationRow[];
  for (const c of convs) {
    const who = c.number.startsWith('raw:') ? c.number.slice(4) : c.number;
    const counterpart = ps.ofE164(who);
    const conversation = 'c_' + createHmac('sha256', key).update(`${who}|${c.started_ms}`).digest('hex').slice(0, 16);
    for (const e of store.events(c.id)) {
      // a number the dealer writes in a message leaves the DB only as a pseudonym too
      const ev = toTranscript({ ...e, text: ps.redactText(e.text) }, conversation, counterpart);
      const r = parseEvent(ev);
      if (!r.ok) throw new DealerbotError('E_EXPORT', `event ${e.id} of conversation ${c.id} cannot be exported: ${r.error}`);
      yield r.value;
    }
  }
}

function toTranscript(e: EventRow, conversation: string, counterpart: string): TranscriptEvent {
  const ev: TranscriptEvent = {
    conversation,
    counterpart,
    ts: new Date(e.ts_ms).toISOString(),
    direction: e.direction,
    kind: e.kind,
    text: e.text,
    source: 'dealerbot-runtime',
  };
  if (e.direction === 'in' && e.act && ACTS.has(e.act)) ev.act = e.act as TranscriptEvent['act'];
  // the language the NLU read when the engine decided: replay then needs no detector that agrees
  if (e.direction === 'in' && (e.kind === 'sms' || e.kind === 'mms') && (e.lang === 'nl' || e.lang === 'en')) ev.lang = e.lang;
  if (e.direction === 'out') {
    if (e.tactic && TACTIC_SET.has(e.tactic)) ev.tactic = e.tactic as TranscriptEvent['tactic'];
    if (e.propensity !== null) ev.propensity = e.propensity;
    if (e.policy !== null) ev.policy = e.policy;
  }
  return ev;
}

/** Writes the transcript atomically: a failure leaves no half file. */
export async function exportTranscript(store: Store, key: Buffer | string, out: string): Promise<{ messages: number; conversations: number; out_file: string }> {
  let messages = 0;
  const convs = new Set<string>();
  function* lines(): Generator<string> {
    for (const ev of transcriptEvents(store, key)) {
      if (ev.kind === 'sms' || ev.kind === 'mms') messages++;
      convs.add(ev.conversation);
      yield JSON.stringify(ev) + '\n';
    }
  }
  await writeFileAtomic(out, lines());
  return { messages, conversations: convs.size, out_file: out };
}
