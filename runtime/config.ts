// The runtime configuration of DESIGN.md ("Runtime configuration and endpoints"): JSON,
// validated, unknown keys are errors, every key optional except what the chosen transports
// need. Flags override the file. Errors name the file and the key, in words a volunteer reads.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, UsageError } from '../lib/errors.js';
import { describeJsonError } from '../lib/json-error.js';
import { placeProblem } from './engine/places.js';

const nonEmpty = z.string().min(1, 'must not be empty');
const publicPlace = nonEmpty.superRefine((p, ctx) => {
  const why = placeProblem(p);
  if (why) ctx.addIssue({ code: 'custom', message: `"${p}" ${why}` });
});
const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, 'must be a URL starting with http:// or https://')
  .transform((s) => s.replace(/\/+$/, ''));

export const configSchema = z.strictObject({
  mode: z.enum(['review', 'auto']).default('review'),
  outbound: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('dry-run'), file: nonEmpty.default('outbox.jsonl') }),
      z.strictObject({ kind: z.literal('twilio') }),
      z.strictObject({ kind: z.literal('android-gateway') }),
    ])
    .default({ kind: 'dry-run', file: 'outbox.jsonl' }),
  twilio: z
    .strictObject({
      accountSid: z.string().regex(/^AC[0-9a-zA-Z]{8,}$/, 'must look like AC… (from the Twilio console)').optional(),
      authToken: nonEmpty.optional(),
      from: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in +country format, e.g. +32470123456').optional(),
      apiBase: httpUrl.default('https://api.twilio.com'),
      // the secret of a Twilio SharedKey (Webhook Settings, public beta): webhooks that carry
      // X-Twilio-Webhooks-Signature-Settings are signed with it instead of the auth token
      sharedKeySecret: nonEmpty.optional(),
    })
    .optional(),
  androidGateway: z
    .strictObject({
      url: httpUrl.optional(),
      username: nonEmpty.optional(),
      password: nonEmpty.optional(),
      signingKey: nonEmpty.optional(),
      // how long the gateway may keep trying a reply before it drops it (its API's minimum is 5)
      ttlSeconds: z.number().int().min(5, 'must be at least 5 (the gateway refuses less)').max(7 * 86_400).default(3600),
    })
    .optional(),
  generic: z.strictObject({ token: z.string().min(16, 'must be at least 16 characters') }).optional(),
  publicUrl: httpUrl.optional(),
  // one phrase for both languages, or one per language ({"nl": "aan de Meir", "en": "at the Meir"});
  // every phrase must be a public place (runtime/engine/places.ts)
  places: z
    .array(z.union([publicPlace, z.strictObject({ nl: publicPlace, en: publicPlace })]))
    .min(1, 'needs at least one place')
    .default([
      { nl: 'aan het station', en: 'at the station' },
      { nl: 'aan de kerk op het plein', en: 'at the church on the square' },
    ]),
  // the secret the bot's persona per conversation is drawn from (with the conversation id); when
  // absent, one is generated and kept in the database, so deployments never start alike
  personaSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  // the zone of the dealers' clock times and of the quiet hours (01:00–08:00 local)
  timeZone: z
    .string()
    .refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'must be an IANA time zone such as Europe/Brussels')
    .default('Europe/Brussels'),
  allow: z.array(nonEmpty).default([]),
  deny: z.array(nonEmpty).default([]),
  timeScale: z.number().positive('must be > 0').default(1),
  // load tests only (timeScale > 1): where the bot's clock starts on a fresh database, so that a
  // run meets the quiet hours at the same point whatever the hour it is started at
  clockStart: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with its offset, e.g. 2026-12-07T17:00:00+01:00' }).optional(),
  // the dealer's turn has ended after this many seconds (bot clock) without a new message from
  // him: a burst is answered once (core/schedule.ts); 0 decides on every message at once
  settleSeconds: z.number().min(0).max(3600).default(90),
  // Extensions of DESIGN.md's example (all optional): the numbers behind hard rules 1 and 4.
  promoThreshold: z.number().min(0.5, 'must be at least 0.5: a lower bar would engage non-dealers').max(1).default(0.7),
  caps: z
    .strictObject({
      perNumberPerDay: z.number().int().positive().max(200).default(40),
      globalPerDay: z.number().int().positive().default(1000),
    })
    .default({ perNumberPerDay: 40, globalPerDay: 1000 }),
  rateLimitPerMinute: z.number().int().positive().default(30),
  // replies on their way to the gateway at once (runtime/engine/dispatcher.ts); never two to one number
  sendConcurrency: z.number().int().min(1).max(64).default(8),
  // a dealer's call to an engaged number (runtime/engine/calls.ts): ring this long, then the
  // network-style voicemail greeting (or not) and hang up; never recorded, never answered live
  voice: z
    .strictObject({
      ringSeconds: z.number().int().min(1).max(60).default(15),
      greeting: z.boolean().default(true),
    })
    .default({ ringSeconds: 15, greeting: true }),
  // when /health stops saying "ok" (runtime/serve/health.ts); seconds of real time, whatever timeScale
  health: z
    .strictObject({
      stallSeconds: z.number().positive().max(86_400).default(60),
      sendFailures: z.number().int().positive().default(3),
    })
    .default({ stallSeconds: 60, sendFailures: 3 }),
});

export type RuntimeConfig = z.infer<typeof configSchema>;

/** What flags may override (undefined = keep the file's value). */
export interface ConfigFlags {
  mode?: 'review' | 'auto';
  dryRun?: string;
  timeScale?: number;
  allow?: string[];
}

/** Validates a decoded config object; `file` names the source in error messages. */
export function parseConfig(raw: unknown, file = '<config>'): RuntimeConfig {
  const r = configSchema.safeParse(raw ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (at ? `${at}.${k}` : k));
      throw new InputError(file, undefined, `unknown key "${keys.join('", "')}" (check the spelling; see runtime/README.md)`, 'E_CONFIG');
    }
    throw new InputError(file, undefined, `key "${at || '(top level)'}": ${issue.message}`, 'E_CONFIG');
  }
  const cfg = r.data;
  requireTransport(cfg, file);
  return cfg;
}

function requireTransport(cfg: RuntimeConfig, file: string): void {
  const missing = (section: string, keys: string[], obj: Record<string, unknown> | undefined): void => {
    const absent = keys.filter((k) => obj?.[k] === undefined);
    if (absent.length)
      throw new InputError(
        file,
        undefined,
        `outbound.kind is "${cfg.outbound.kind}" but ${absent.map((k) => `"${section}.${k}"`).join(', ')} is missing`,
        'E_CONFIG',
      );
  };
  if (cfg.outbound.kind === 'twilio') missing('twilio', ['accountSid', 'authToken', 'from'], cfg.twilio);
  if (cfg.outbound.kind === 'android-gateway') missing('androidGateway', ['url', 'username', 'password'], cfg.androidGateway);
}

/** Reads and validates a config file; a missing file means all defaults. */
export function loadConfig(file: string | undefined, flags: ConfigFlags = {}): RuntimeConfig {
  let raw: unknown = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read config file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    try {
      raw = JSON.parse(text);
    } catch {
      // not JSON.parse's message: it quotes the file, which may be anything (a symlink, a secret)
      throw new InputError(file, undefined, `not valid JSON (${describeJsonError(text)})`, 'E_CONFIG');
    }
  }
  return applyFlags(parseConfig(raw, file ?? '<defaults>'), flags);
}

export function applyFlags(cfg: RuntimeConfig, flags: ConfigFlags): RuntimeConfig {
  const out = { ...cfg };
  if (flags.mode) out.mode = flags.mode;
  if (flags.dryRun) out.outbound = { kind: 'dry-run', file: flags.dryRun };
  if (flags.timeScale !== undefined) {
    if (!(flags.timeScale > 0)) throw new UsageError(`--time-scale must be > 0, got ${flags.timeScale}`);
    out.timeScale = flags.timeScale;
  }
  if (flags.allow?.length) out.allow = [...out.allow, ...flags.allow];
  // a live bot on a made-up clock would keep the wrong quiet hours and name the wrong times
  if (out.clockStart !== undefined && !(out.timeScale > 1))
    throw new UsageError(`clockStart is for load tests: it needs a timeScale above 1 (got ${out.timeScale})`);
  return out;
}
