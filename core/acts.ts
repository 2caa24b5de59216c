// Dealer acts v1 (DESIGN.md): what the NLU reads from an incoming message.
export const DEALER_ACTS = [
  'promo',
  'price',
  'product',
  'ask_order',
  'meet_propose',
  'meet_confirm',
  'where_are_you',
  'suspicion',
  'annoyed',
  'threat',
  'call',
  'goodbye',
  'opt_out',
  'other',
] as const;

export type DealerAct = (typeof DEALER_ACTS)[number];
export const ACTS_VERSION = 1;

/** `stop`: never write to this number again; `escalate`: stop and alert the operator. */
export const SAFETY_FLAGS = ['stop', 'escalate'] as const;
/** null: neither */
export type SafetyFlag = (typeof SAFETY_FLAGS)[number] | null;

const SAFETY_SET: ReadonlySet<string> = new Set(SAFETY_FLAGS);
/** A set flag (`stop` or `escalate`); null, the absent flag, is not one. */
export function isSafetyFlag(x: unknown): x is NonNullable<SafetyFlag> {
  return typeof x === 'string' && SAFETY_SET.has(x);
}

const ACT_SET: ReadonlySet<string> = new Set(DEALER_ACTS);
export function isDealerAct(x: unknown): x is DealerAct {
  return typeof x === 'string' && ACT_SET.has(x);
}

export const ACT_INDEX: Readonly<Record<DealerAct, number>> = Object.fromEntries(
  DEALER_ACTS.map((a, i) => [a, i]),
) as Record<DealerAct, number>;
