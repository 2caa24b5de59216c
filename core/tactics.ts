// Tactics v1 (DESIGN.md): the action space. The order here is the canonical output order of
// every policy network; a bundle whose tactic list differs is refused by the loader.
export const TACTICS = [
  'show_interest',
  'ask_menu',
  'ask_price',
  'haggle',
  'ask_quality',
  'ask_location',
  'propose_meeting',
  'confirm_meeting',
  'running_late',
  'reschedule',
  'misunderstand',
  'small_talk',
  'ask_call',
  'reassure',
  'go_silent',
  'apologize_return',
] as const;

export type Tactic = (typeof TACTICS)[number];
export const TACTICS_VERSION = 1;
export const NUM_TACTICS = TACTICS.length;

const TACTIC_SET: ReadonlySet<string> = new Set(TACTICS);
export function isTactic(x: unknown): x is Tactic {
  return typeof x === 'string' && TACTIC_SET.has(x);
}

export const TACTIC_INDEX: Readonly<Record<Tactic, number>> = Object.fromEntries(
  TACTICS.map((t, i) => [t, i]),
) as Record<Tactic, number>;

/** Parses a tactic name from user input, with an error that lists the valid names. */
export function parseTactic(x: string): { ok: true; value: Tactic } | { ok: false; error: string } {
  if (isTactic(x)) return { ok: true, value: x };
  return { ok: false, error: `unknown tactic "${x}" (valid: ${TACTICS.join(', ')})` };
}
