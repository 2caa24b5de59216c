// `dealerbot export`: the runtime log as transcript v1 (DESIGN.md), ready for `train` and
// `evaluate`: `in` events with the act read, `out` sms with tactic, propensity, policy and (v1.3) the
// delivery state its gateway reported, `wait` decisions, the dealer's calls (with duration_s once
// the gateway said), the meetings he went to (runtime/engine/meetings.ts) and (v1.4), on each
// conversation's last event, why the bot was silent then (silence-reason.ts). Numbers are stored
// raw (the bot must reply) but leave only as pseudonyms.
import { createHmac } from 'node:crypto';
import { DealerbotError } from '../../lib/errors.js';
import { DELIVERIES, SILENCES, parseEvent, type Delivery, type Silence, type TranscriptEvent } from '../../core/transcript.js';
import { writeFileAtomic } from '../../lib/atomic-write.js';
import { Pseudonymizer } from '../../transcripts/pseudonym.js';
import type { EventRow } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { conversationSilence } from './silence-reason.js';

export function* transcriptEvents(store: Store, key: Buffer | string): Generator<TranscriptEvent> {
  const ps = new Pseudonymizer(Buffer.from(key));
  for (const c of store.conversations()) {
    const who = c.number.startsWith('raw:') ? c.number.slice(4) : c.number;
    const counterpart = ps.ofE164(who);
    const conversation = 'c_' + createHmac('sha256', key).update(`${who}|${c.started_ms}`).digest('hex').slice(0, 16);
    const events = store.events(c.id);
    // v1.4: why the bot was silent when the log was exported, on the conversation's last event
    const silence = conversationSilence(store, c, events).reason;
    for (const [i, e] of events.entries()) {
      // a number the dealer writes in a message leaves the DB only as a pseudonym too
      const ev = toTranscript({ ...e, text: ps.redactText(e.text) }, conversation, counterpart);
      const delivery = e.direction === 'out' ? deliveryOf(store, e.source) : null;
      if (delivery) ev.delivery = delivery;
      if (i === events.length - 1) ev.silence = silence;
      const r = parseEvent(ev);
      if (!r.ok) throw new DealerbotError('E_EXPORT', `event ${e.id} of conversation ${c.id} cannot be exported: ${r.error}`);
      yield r.value;
    }
  }
}

/** the delivery state of the reply an `out` event was sent as (source `outbox:<id>`), if reported */
function deliveryOf(store: Store, source: string | null): Delivery | null {
  const m = /^outbox:(\d+)$/.exec(source ?? '');
  return m ? (store.outbox(Number(m[1]))?.delivery ?? null) : null;
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
  if (e.kind === 'call' && e.duration_s !== null) ev.duration_s = e.duration_s;
  if (e.direction === 'in' && e.act) ev.act = e.act;
  // the language the NLU read when the engine decided: replay then needs no detector that agrees
  if (e.direction === 'in' && (e.kind === 'sms' || e.kind === 'mms') && e.lang) ev.lang = e.lang;
  if (e.direction === 'out') {
    if (e.tactic) ev.tactic = e.tactic;
    if (e.propensity !== null) ev.propensity = e.propensity;
    if (e.policy !== null) ev.policy = e.policy;
  }
  return ev;
}

/** Writes the transcript atomically: a failure leaves no half file. */
export interface ExportSummary {
  messages: number;
  calls: number;
  meetings: number;
  conversations: number;
  out_file: string;
  /** our sent replies by their delivery state (v1.3 `delivery`; `unknown`: no report) */
  delivery: Record<Delivery | 'unknown', number>;
  /** conversations by why the bot was silent at export (v1.4 `silence`, silence-reason.ts) */
  silence: Record<Silence, number>;
}

export async function exportTranscript(store: Store, key: Buffer | string, out: string): Promise<ExportSummary> {
  let messages = 0;
  let calls = 0;
  let meetings = 0;
  const convs = new Set<string>();
  const delivery = Object.fromEntries([...DELIVERIES, 'unknown'].map((d) => [d, 0])) as ExportSummary['delivery'];
  const silence = Object.fromEntries(SILENCES.map((s) => [s, 0])) as ExportSummary['silence'];
  function* lines(): Generator<string> {
    for (const ev of transcriptEvents(store, key)) {
      if (ev.kind === 'sms' || ev.kind === 'mms') messages++;
      if (ev.direction === 'out' && ev.kind === 'sms') delivery[ev.delivery ?? 'unknown']++;
      else if (ev.kind === 'call' && ev.direction === 'in') calls++;
      else if (ev.kind === 'meeting' && ev.direction === 'in') meetings++;
      if (ev.silence) silence[ev.silence]++;
      convs.add(ev.conversation);
      yield JSON.stringify(ev) + '\n';
    }
  }
  await writeFileAtomic(out, lines());
  return { messages, calls, meetings, conversations: convs.size, out_file: out, delivery, silence };
}
