// Hard safety rules 1, 2 and 4 of DESIGN.md as pure decisions; the engine and the dispatcher
// apply them, the store persists their outcome. Not learnable, not configurable off.
import type { Classification } from './brain.js';
import type { RuntimeConfig } from '../config.js';
import { normalizeNumber } from '../phone.js';
import type { NumberState } from '../store/rows.js';

/** The operator's lists, numbers normalised as the store keeps them (E.164). */
export interface SafetyLists {
  allow: ReadonlySet<string>;
  deny: ReadonlySet<string>;
  promoThreshold: number;
}

/**
 * Built once from the config and handed to both the engine (whom to engage) and the
 * dispatcher (the last check before a send), so the two can never read the lists differently.
 */
export function safetyLists(config: Pick<RuntimeConfig, 'allow' | 'deny' | 'promoThreshold'>): SafetyLists {
  const numbers = (xs: readonly string[]) => new Set(xs.map((x) => normalizeNumber(x) ?? x));
  return { allow: numbers(config.allow), deny: numbers(config.deny), promoThreshold: config.promoThreshold };
}

export interface InboundVerdict {
  /** the number's state after this message */
  state: NumberState;
  /** may the bot reply to this message */
  reply: boolean;
  reason: string;
  /** set when the operator must be told */
  alert?: string;
}

/**
 * What one classified inbound message means for its number. `prev` is the number's state
 * before it (undefined = never seen: this is its first message).
 */
export function judgeInbound(
  prev: NumberState | undefined,
  number: string | null,
  cls: Classification,
  lists: SafetyLists,
): InboundVerdict {
  if (number === null) return { state: 'ignored', reply: false, reason: 'sender is not a phone number' };
  if (lists.deny.has(number)) return { state: 'denied', reply: false, reason: 'on the deny list' };
  // The flag alone decides (the safety reader, nlu/safety/): the act model's top class never
  // escalates or stops a conversation by itself, so "zeg uw naam" read as `threat` at 0.26 goes on.
  const why = cls.safetyReason ? `: ${cls.safetyReason}` : '';
  if (cls.safety === 'escalate')
    return {
      state: 'escalated',
      reply: false,
      reason: `escalate${why}`,
      alert: `escalation from a counterpart${why}: no more messages will be sent; please review`,
    };
  if (prev === 'stopped' || prev === 'escalated') return { state: prev, reply: false, reason: `number is ${prev}` };
  if (cls.safety === 'stop') return { state: 'stopped', reply: false, reason: `opt-out${why}` };
  if (prev === 'engaged') return { state: 'engaged', reply: true, reason: 'engaged' };
  if (lists.allow.has(number)) return { state: 'engaged', reply: true, reason: 'on the allow list' };
  // Rule 1: the promo gate's own score, not the act's confidence ("Nieuwe nummer! Bel me… wit
  // groen pillen" is a promo even when the act model prefers `call`).
  if (prev === undefined && cls.promo >= lists.promoThreshold)
    return { state: 'engaged', reply: true, reason: `first message is a promo (${cls.promo.toFixed(2)})` };
  if (prev === undefined)
    return { state: 'ignored', reply: false, reason: `first message is not a clear promo (promo ${cls.promo.toFixed(2)}, act ${cls.act})` };
  return { state: 'ignored', reply: false, reason: 'number was not engaged by its first message' };
}

export interface SendContext {
  numberState: NumberState | undefined;
  denied: boolean;
  killSwitch: boolean;
  sentToNumber24h: number;
  sentGlobal24h: number;
  caps: { perNumberPerDay: number; globalPerDay: number };
}

export type SendVerdict =
  | { send: true }
  | { send: false; action: 'cancel' | 'hold' | 'defer-number' | 'defer-global'; reason: string };

/** The last check before a message leaves: stops and denials cancel, the kill switch holds, caps defer. */
export function judgeSend(c: SendContext): SendVerdict {
  if (c.numberState === 'stopped' || c.numberState === 'escalated')
    return { send: false, action: 'cancel', reason: `number is ${c.numberState}` };
  if (c.denied || c.numberState === 'denied') return { send: false, action: 'cancel', reason: 'number is on the deny list' };
  if (c.numberState !== 'engaged') return { send: false, action: 'cancel', reason: 'number is not engaged (never message first)' };
  if (c.killSwitch) return { send: false, action: 'hold', reason: 'kill switch is on' };
  if (c.sentToNumber24h >= c.caps.perNumberPerDay)
    return { send: false, action: 'defer-number', reason: `per-number cap of ${c.caps.perNumberPerDay}/day reached` };
  if (c.sentGlobal24h >= c.caps.globalPerDay)
    return { send: false, action: 'defer-global', reason: `global cap of ${c.caps.globalPerDay}/day reached` };
  return { send: true };
}
