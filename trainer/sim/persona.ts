// Dealer personas: the parameters of one kind of dealer, and weighted mixes of them, read from
// JSON and validated with zod so that a bad file fails with its name, the field and the reason.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LANGS } from '../../core/lang.js';
import { InputError } from '../../lib/errors.js';
import { packagePath } from '../../lib/package-root.js';
import type { Rng } from '../../lib/random.js';

const unit = z.number().min(0).max(1);

export const personaSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]+$/, 'id must be lowercase letters, digits, _ or -'),
    kind: z.string().min(1),
    lang: z.enum(LANGS),
    /** probability of answering a message at all */
    replyProb: unit,
    /** reply delay in minutes: log-normal with log-space mean mu and sd sigma, at zero workload */
    delay: z.object({ mu: z.number().min(-2).max(8), sigma: z.number().gt(0).max(3) }).strict(),
    /** added to mu at full workload (busy evenings make everyone wait) */
    busyDelay: z.number().min(0).max(4),
    /** hour of the day (0-23) at which workload peaks, and workload level there (0-1) */
    peakHour: z.number().int().min(0).max(23),
    workload: unit,
    /** exchanges without progress the dealer tolerates */
    patience: z.number().min(1).max(100),
    /** suspicion of a new number at the start (0-1), its gain on every doubt, and the burn threshold */
    suspicion0: unit,
    suspicionGain: z.number().min(0).max(5),
    burnAt: z.number().gt(0).max(1),
    /** annoyance gain and the level at which the dealer gives up */
    annoyanceGain: z.number().min(0).max(5),
    giveUpAt: z.number().gt(0).max(1),
    /** chance the dealer tests a stranger with a "who are you?" when in doubt */
    testStrangers: unit,
    /** 0 = takes it or leaves it, 1 = haggles with pleasure and chases every sale */
    greed: unit,
    /** expected extra messages per reply, and message length multiplier (via template choice) */
    chattiness: z.number().min(0).max(3),
    /** propensity to call (accept a call request; call by himself at a third of it) */
    callProb: unit,
    /** call duration in seconds: log-normal log-space mean */
    callMu: z.number().min(0).max(8),
    /** propensity to go to an agreed meeting */
    meetProb: unit,
    /** chance he burns the number right after we stood him up once (a dealer network remembers);
     *  optional in persona files (added in the personas format's version 1, default 0.35) */
    burnAfterNoShow: unit.default(0.35),
    /** his answer rate to a message we send while our last one is unanswered, relative to a reply:
     *  a double text reads as pushy (optional in persona files, default 0.75; `sim fit` estimates it) */
    doubleTextReply: unit.default(0.75),
    /** a courier brings it: proposes meetings himself, early */
    delivers: z.boolean(),
    /** writing style of rendered text */
    style: z
      .object({ lowercase: unit, noPunct: unit, emoji: unit, typo: unit })
      .strict(),
  })
  .strict();

export type Persona = z.infer<typeof personaSchema>;

export const personaMixSchema = z
  .object({
    format: z.literal('dealerbot-personas'),
    version: z.literal(1),
    name: z.string().min(1),
    personas: z
      .array(z.object({ weight: z.number().gt(0, 'weight must be > 0'), persona: personaSchema }).strict())
      .min(1, 'a mix needs at least one persona'),
  })
  .strict()
  .superRefine((mix, ctx) => {
    const seen = new Set<string>();
    mix.personas.forEach((p, i) => {
      if (seen.has(p.persona.id))
        ctx.addIssue({ code: 'custom', path: ['personas', i, 'persona', 'id'], message: `duplicate persona id "${p.persona.id}"` });
      seen.add(p.persona.id);
    });
  });

export type PersonaMix = z.infer<typeof personaMixSchema>;

/** Validates a decoded mix; throws InputError naming the file, the field path and the reason. */
export function parsePersonaMix(raw: unknown, file: string): PersonaMix {
  const r = personaMixSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  throw new InputError(file, undefined, `${path}: ${issue.message}`, 'E_PERSONAS');
}

export function loadPersonaMix(file: string): PersonaMix {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, `cannot read persona file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'E_PERSONAS');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, jsonErrorLine(text, e), `not valid JSON (${(e as Error).message})`, 'E_PERSONAS');
  }
  return parsePersonaMix(raw, file);
}

function jsonErrorLine(text: string, e: unknown): number | undefined {
  const m = /position (\d+)/.exec(String((e as Error).message));
  if (!m) return undefined;
  return text.slice(0, Number(m[1])).split('\n').length;
}

export const DEFAULT_PERSONAS_FILE = packagePath('trainer', 'sim', 'personas', 'default.json');
export const HELDOUT_PERSONAS_FILE = packagePath('trainer', 'sim', 'personas', 'heldout.json');

export function defaultPersonaMix(): PersonaMix {
  return loadPersonaMix(DEFAULT_PERSONAS_FILE);
}

export function heldoutPersonaMix(): PersonaMix {
  return loadPersonaMix(HELDOUT_PERSONAS_FILE);
}

/** Persona parameters that domain randomisation moves: probabilities and thresholds on the logit scale, gains and counts on the log scale. */
export const JITTERED_LOGIT = ['replyProb', 'suspicion0', 'burnAt', 'giveUpAt', 'testStrangers', 'greed', 'callProb', 'meetProb', 'burnAfterNoShow', 'doubleTextReply'] as const;
export const JITTERED_LOG = ['patience', 'suspicionGain', 'annoyanceGain', 'chattiness'] as const;

/**
 * A dealer like `p` but not quite (domain randomisation for training): each parameter of
 * JITTERED_LOGIT moves by `scale`·N(0, 1) on the logit scale, each of JITTERED_LOG is multiplied
 * by exp(`scale`·N(0, 1)), within the persona schema's bounds. Language, timing, style and the
 * courier flag stay. `scale` 0 returns `p` itself.
 */
export function jitterPersona(p: Persona, scale: number, rng: Rng): Persona {
  if (scale === 0) return p;
  const q: Persona = { ...p };
  const eps = 1e-3;
  for (const k of JITTERED_LOGIT) {
    const x = Math.min(1 - eps, Math.max(eps, p[k]));
    const y = 1 / (1 + Math.exp(-(Math.log(x / (1 - x)) + scale * rng.normal())));
    q[k] = Math.min(1, Math.max(k === 'burnAt' || k === 'giveUpAt' ? eps : 0, y));
  }
  // within the schema's own bounds (patience 1–100, the gains 0–5, chattiness 0–3)
  for (const k of JITTERED_LOG) {
    const { minValue, maxValue } = personaSchema.shape[k];
    q[k] = Math.min(maxValue!, Math.max(minValue!, p[k] * Math.exp(scale * rng.normal())));
  }
  return q;
}
