// Dealer calls (DESIGN.md, "Calls"): a call is logged as an inbound `call` event of its number's
// conversation, deduped by the gateway's call id, and answered by the gateway's TwiML (or
// whatever the gateway does) according to the number's state. A call never engages a number,
// never starts a conversation with a number that never wrote, and never triggers a decision by
// itself: the bot answers messages, and the policy sees the call in the events of its next
// decision (the features count calls and their seconds).
//
// Who gets what:
//   - a number the store has never seen (no message ever, or not a phone number): not logged
//     (the bot only keeps numbers that wrote to it; an unknown caller is no conversation of
//     ours) and rejected;
//   - a known number that is not `engaged` (ignored, stopped, escalated, denied, or on the deny
//     list now), or any call while the kill switch is on: logged, with duration 0, and rejected;
//   - an engaged number: logged and let ring, then the voicemail greeting (if configured) and a
//     hang-up; the status callback later gives how long it was connected.
import { normalizeNumber } from '../phone.js';
import type { Lang } from '../../core/lang.js';
import type { Clock } from './clock.js';
import type { SafetyLists } from './safety.js';
import type { Store } from '../store/store.js';

export interface InboundCall {
  /** which webhook it came through (twilio-voice, generic) */
  transport: string;
  /** the gateway's call id (Twilio's CallSid), for dedupe of retried webhooks */
  id?: string;
  from: string;
  /** seconds connected, when the gateway already knows (the generic webhook) */
  duration_s?: number;
}

/** ring: let it ring, then greeting and hang-up; reject: hang up at once, not answered */
export type CallAnswer = 'ring' | 'reject';

export type CallResult =
  | { status: 'recorded' | 'duplicate'; event: number; answer: CallAnswer; lang: Lang }
  | { status: 'dropped'; answer: 'reject'; reason: string };

export interface CallContext {
  store: Store;
  clock: Clock;
  lists: SafetyLists;
  gapMs: number;
}

/** Logs one inbound call (or recognises a retry) and says how to answer it. */
export function acceptCall(ctx: CallContext, call: InboundCall): CallResult {
  const { store } = ctx;
  const number = normalizeNumber(call.from);
  if (number === null) return { status: 'dropped', answer: 'reject', reason: 'caller is not a phone number' };
  return store.tx(() => {
    const state = store.numberState(number);
    if (state === undefined) return { status: 'dropped', answer: 'reject', reason: 'a number that never wrote' } as const;
    const answer: CallAnswer = state === 'engaged' && !ctx.lists.deny.has(number) && !store.killSwitch() ? 'ring' : 'reject';
    const seen = call.id === undefined ? undefined : store.seenInbound(call.transport, call.id);
    if (seen !== undefined) {
      if (call.duration_s !== undefined) store.setCallDuration(seen, call.duration_s);
      const ev = store.event(seen);
      return { status: 'duplicate', event: seen, answer, lang: personaLang(store, ev?.conversation) };
    }
    const now = ctx.clock.now();
    const conv = store.conversationFor(number, now, ctx.gapMs);
    const event = store.addEvent({
      conversation: conv.id,
      ts_ms: now,
      direction: 'in',
      kind: 'call',
      text: '',
      source: call.transport,
      processed: true,
      // a rejected call was never connected
      ...(call.duration_s !== undefined ? { duration_s: call.duration_s } : answer === 'reject' ? { duration_s: 0 } : {}),
    });
    if (call.id !== undefined) store.markInbound(call.transport, call.id, event);
    return { status: 'recorded', event, answer, lang: personaLang(store, conv.id) };
  });
}

/** The status callback: how long the call `id` was connected. False when no such call was logged. */
export function setCallDuration(store: Store, transport: string, id: string, seconds: number): boolean {
  return store.tx(() => {
    const event = store.seenInbound(transport, id);
    return event !== undefined && store.setCallDuration(event, seconds);
  });
}

/** The bot's language in a conversation: the persona's (fixed at the first reply), else the dealer's last. */
function personaLang(store: Store, conversation: number | undefined): Lang {
  if (conversation === undefined) return 'nl';
  const conv = store.conversation(conversation);
  if (conv?.lang) return conv.lang;
  const events = store.events(conversation);
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.direction === 'in' && events[i]!.lang) return events[i]!.lang!;
  return 'nl';
}

// --- TwiML ------------------------------------------------------------------------------------

/** What a phone network's voicemail says, per language (the TTS voice must not sound like a persona). */
export const VOICEMAIL_GREETING: Record<Lang | 'fr', { language: string; text: string }> = {
  nl: { language: 'nl-BE', text: 'Uw correspondent is momenteel niet bereikbaar. Probeer later opnieuw, of stuur een sms.' },
  en: { language: 'en-GB', text: 'The person you are calling is not available. Please try again later, or send a text message.' },
  fr: { language: 'fr-BE', text: "Votre correspondant n'est pas joignable pour le moment. Veuillez réessayer plus tard, ou envoyer un SMS." },
};

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * The TwiML answer. Twilio (docs "TwiML Voice: <Pause>"): a <Pause> as the first verb waits that
 * long before picking up, so the caller hears it ring; "<Reject>": as the first verb, the call is
 * not picked up (nor billed), `busy` plays a busy signal.
 */
export function callTwiml(answer: CallAnswer, lang: Lang | 'fr', voice: { ringSeconds: number; greeting: boolean }): string {
  if (answer === 'reject') return `${XML}<Response><Reject reason="busy"/></Response>`;
  const g = VOICEMAIL_GREETING[lang] ?? VOICEMAIL_GREETING.nl;
  const say = voice.greeting ? `<Say language="${g.language}">${escapeXml(g.text)}</Say>` : '';
  return `${XML}<Response><Pause length="${voice.ringSeconds}"/>${say}<Hangup/></Response>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
