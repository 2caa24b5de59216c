// The scripted-conversation suite (data/dialogue/scripts/): each hand-written dealer script fed
// to the real engine (models/default, the NLU, the renderer, the dialogue state) one dealer turn
// at a time on a fake clock that follows the turns' `after_min`, and every reply the bot sends
// checked against the turn facts: price not asked again once given, only products he offered,
// times ahead of the clock, only operator places (the agreed one, in the reply's language, never
// his), a pending direct question answered, a price he just gave taken up (named, or talked
// about as a price) and a time or place he just gave taken up (a time, or words about the
// meeting), no reply text twice, nothing in quiet hours, an excuse after a no-show. Deterministic: fixed seeds, fixed persona secret, no wall clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sentenceKey } from '../../catalogue/catalogue.js';
import { defaultCatalogue } from '../../catalogue/catalogue.js';
import type { Lang } from '../../core/lang.js';
import { readMessage } from '../../dialogue/reader/read.js';
import { localMinutes } from '../../dialogue/state/local-time.js';
import { inQuietHours } from '../../dialogue/state/quiet-hours.js';
import { packagePath } from '../../lib/package-root.js';
import { ManualClock } from '../engine/clock.js';
import type { Brain } from '../engine/brain.js';
import { loadBrain } from '../engine/load-brain.js';
import type { OutboundMessage } from '../gateways/sender.js';
import { harness, RecordingSender } from './harness.js';

export interface ScriptTurn {
  after_min: number;
  text: string;
  facts: {
    promo?: boolean;
    products?: string[];
    prices?: boolean;
    question?: string;
    price_items?: { product: string | null; amount: number; qty: number | null; unit: string | null }[];
    meeting?: { place: string | null; time: string | null; relative_min: number | null; operator_place?: boolean };
    agreed?: boolean;
    at_meeting?: boolean;
    no_show?: boolean;
    bye?: boolean;
    name?: string;
  };
}
export interface Script {
  id: string;
  lang: Lang;
  kind: string;
  start: string;
  turns: ScriptTurn[];
}

export const SCRIPT_PLACES = [
  { nl: 'aan het Centraal Station', en: 'at Central Station' },
  { nl: 'aan de Meir', en: 'at the Meir' },
  { nl: 'aan de Groenplaats', en: 'at Groenplaats' },
];
export const PROPERTIES = ['price_not_reasked', 'offered_product', 'time_ahead', 'place', 'question_answered', 'price_heard', 'meeting_heard', 'no_repeat', 'quiet_hours', 'no_show_excused', 'no_echo'] as const;
export type Property = (typeof PROPERTIES)[number];

export function readScripts(dir = packagePath('data', 'dialogue', 'scripts')): Script[] {
  return ['scripts-nl.jsonl', 'scripts-en.jsonl'].flatMap((f) =>
    readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Script),
  );
}

export interface Line {
  who: 'dealer' | 'bot';
  ms: number;
  text: string;
  tactic?: string;
  /** index of the dealer turn (dealer lines), or of the last dealer turn before it (bot lines) */
  turn: number;
}
export interface Failure {
  script: string;
  property: Property;
  reply: string;
  detail: string;
}
export interface ScriptRun {
  script: Script;
  lines: Line[];
  failures: Failure[];
  /** the number's state at the end (engaged, or stopped/escalated by the safety rules) */
  numberState: string;
  /** replies the outbound filter refused (not sent), with its reason */
  blocked: string[];
}

class TimedSender extends RecordingSender {
  times: number[] = [];
  constructor(private readonly clock: ManualClock) {
    super();
  }
  override async send(m: OutboundMessage) {
    this.times.push(this.clock.now());
    return super.send(m);
  }
}

const MIN = 60_000;
const DEALER = '+32470112233';
export const SUITE_SECRET = 'scripted-suite-persona-secret';

export interface RunOptions {
  modelDir?: string;
  /**
   * 'off' (default): the NLU's safety flag (and a `threat`/`opt_out` act, read as `other`) is not
   * applied. The scripts hold no opt-out, threat or
   * minor (data/dialogue/scripts/README.md, "Content rules"), so every stop or escalate on them is
   * a false positive of the classifier, and would only hide the replies this suite is about;
   * `safetyFlags()` counts them apart. 'real': the engine exactly as served.
   */
  safety?: 'off' | 'real';
}

/** Runs one script through the engine; the bot's replies with the time they were sent. */
export async function runScript(script: Script, o: RunOptions = {}): Promise<ScriptRun> {
  const t0 = Date.parse(script.start);
  const clock = new ManualClock(t0 - MIN);
  const sender = new TimedSender(clock);
  const real = await loadBrain(o.modelDir ?? packagePath('models', 'default'));
  const neutral = (text: string) => {
    const c = real.classify(text);
    return { ...c, safety: null, act: c.act === 'threat' || c.act === 'opt_out' ? ('other' as const) : c.act };
  };
  const brain: Brain = o.safety === 'real' ? real : Object.assign(Object.create(real) as Brain, { classify: neutral });
  // allow-listed, as an operator would a number he knows to be a dealer's (the suite is about
  // the replies, not about whether the classifier reads his first message as a promo)
  const h = harness({ clock, sender, brain, config: { places: SCRIPT_PLACES, personaSecret: `${SUITE_SECRET}:${script.id}`, allow: [DEALER] } });
  const lines: Line[] = [];
  let t = t0;
  let seen = 0;
  const collect = (turn: number) => {
    for (; seen < sender.sent.length; seen++) {
      const m = sender.sent[seen]!;
      const ev = h.store.events(m.conversation).filter((e) => e.direction === 'out' && e.text === m.text).pop();
      lines.push({ who: 'bot', ms: sender.times[seen]!, text: m.text, ...(ev?.tactic ? { tactic: ev.tactic } : {}), turn });
    }
  };
  for (const [i, turn] of script.turns.entries()) {
    t += turn.after_min * MIN;
    await h.run(Math.max(0, t - clock.now()));
    collect(i - 1);
    h.say(DEALER, turn.text);
    lines.push({ who: 'dealer', ms: clock.now(), text: turn.text, turn: i });
  }
  await h.run(3 * 60 * MIN);
  collect(script.turns.length - 1);
  const numberState = String(h.store.numberState(DEALER));
  const blocked = h.store.alerts(10_000).filter((a) => a.kind === 'filter').map((a) => a.message);
  h.store.close();
  return { script, lines, failures: checkRun(script, lines), numberState, blocked };
}

// ---- the properties ----

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const PRICE_ASK = /\b(hoeveel kost|wa kost|wat kost|wa vraagt ge|wat vraagt ge|uwe prijs|de prijs\?|en de prijs|hoeveel voor|how much is|how much for|what do you want for|what'?s your price|and the price|the price\?|what'?s the price)/;
const GENERIC_SPANS = new Set(['zelfde plek', 'same spot', 'same place', 'daar', 'there', 'hier', 'here', 'ingang', 'entrance']);
const cat = defaultCatalogue();
const NAMES = cat.persona.names;
const SOURCES = (lang: Lang) => (cat.persona.sources ?? []).map((s) => fold(s[lang]));
const STORIES = (lang: Lang) => cat.persona.stories.map((s) => fold(s[lang]));

const ANSWERS: Record<string, (f: string, raw: string, lang: Lang) => boolean> = {
  who_are_you: (f, raw, lang) => NAMES.some((n) => raw.includes(n)) || STORIES(lang).some((s) => f.includes(s)),
  how_got_number: (f, _r, lang) => SOURCES(lang).some((s) => f.includes(s)),
  how_much: (f) => /\d|gram|pill|zak|bag|paar|couple|kartons?|tabs?|cart/.test(f),
  what_want: (f, raw, lang) => readMessage(raw, lang).products.length > 0 || /\d|gram|pill/.test(f) || /^\W*(ja|yes|yeah|ok|oke|okay|sure|alright|goed|prima|fine)\b/.test(f),
  where_are_you: (f) => /bijna|onderweg|kom eraan|ik kom|verkeerd|verloren|andere kant|tram|on my way|nearly|almost|coming|lost|wrong spot|other side|centrum|centre|in town|stad|station|meir|groenplaats|liever ni|rather not|geraak er ni|ni halen|ni komen|ben er ni|can't make it|won't make it|can't come|not gonna make it|can't get away/.test(f),
  when: (f, raw, lang) => readMessage(raw, lang).times.length > 0 || /straks|morgen|later|tomorrow|tonight|vanavond|seffens|soon/.test(f),
  are_you_police: (f) => /\b(nee|no|ni|niet|not|zeker ni|haha)\b/.test(f),
  are_you_bot: (f) => /\b(nee|no|ni|niet|not|echt)\b/.test(f),
  can_call: (f) => /bel|call|typen|text|praten|talk/.test(f),
  // "bit longer, tram is slow" says "not yet" as plainly as "bijna" does
  // in a meeting window the answer is the late/lost line: "ik denk da'k verkeerd sta, ik zie u ni" says "not yet" too
  // and "ik geraak ni weg" (a reschedule) answers "komt ge?" with a no, as where_are_you counts it
  ready: (f) =>
    /\b(ja|yes|yeah|bijna|almost|nearly|klaar|ready|orde|sorted|kom|coming|onderweg|way|efkes|sec|longer|langer|later|verkeerd|verloren|wrong|lost|kant|side)\b/.test(f) ||
    /geraak (er )?ni|ni komen|can't make it|won't make it|can't come|can't get away/.test(f),
  pay_how: (f) => /orde|probleem|geregeld|goed|sorted|problem|fine/.test(f),
  // "other" is anything else (a confirmation request, "feestje?", the price test): checked only as
  // a yes/no word or a statement, not a bare question back
  other: (f, raw) => /\b(ja|ok|oke|oké|okay|goed|deal|yes|yeah|sure|fine|alright|nee|no|prima|sorry|bijna|almost)\b/.test(f) || raw.split(/(?<=[?!.,])/).some((part) => /\p{L}{2}/u.test(part) && !part.trim().endsWith('?')),
};
const EXCUSE = /\b(sorry|sry|excuse|my bad|oops)\b/;
/** a reply takes up his price when it names one of his amounts or talks about the price */
const PRICE_WORDS = /\b(duur|veel|goedkoop|goedkoper|korting|minder|prijs|expensive|cheap|cheaper|price|less|discount|steep|lot|much)\b/;
/**
 * a reply takes up his time or place when it names a time or speaks of the meeting: agreeing,
 * doubting, coming, another moment, the spot ("hoe sterk is't?" right after "om 22u aan de kerk"
 * does not)
 */
const MEETING_WORDS = /\b(ok|oke|oké|okay|goed|good|deal|afgesproken|afspreken|top|prima|tot|zie u|see (you|u|ya)|daar|there|lukt|works|work|zou kunnen|could|kan|can|ken|know|plek|plaats|spot|place|kom|komen|coming|come|meet|zeggen|say|verzetten|verplaatsen|move|morgen|tomorrow|later|straks|vind|find|sure|fine|alright)\b/;
const EXCUSES = (lang: Lang) => cat.persona.excuses.map((e) => fold(e[lang]));

/** A place span the reader cut from our reply is the list's entry (or starts with its name: "Groenplaats I'll"). */
function onList(op: string, span: string): boolean {
  const o = fold(op);
  const p = fold(span);
  const name = o.replace(/^(aan|at|bij|by|op|on|in|voor)\s+((de|het|the)\s+)?/, '');
  return o.includes(p) || p.startsWith(name);
}

function clockAhead(sendMs: number, raw: string, lang: Lang): string | null {
  const f = fold(raw);
  if (/\b(morgen|tomorrow)\b/.test(f)) return null;
  const now = localMinutes(sendMs);
  for (const t of readMessage(raw, lang).times) {
    if (t.kind !== 'clock') continue;
    // an hour that could be morning or evening is read as the nearer one ahead and must be
    // within 6 hours ("om 7u" at 20:41 fails); a plain one within 16 hours
    const options = t.ambiguous ? [t.hour, t.hour + 12] : [t.hour];
    const limit = t.ambiguous ? 6 * 60 : 16 * 60;
    const ok = options.some((h) => {
      const d = (h * 60 + t.minute - now + 1440) % 1440;
      return d > 0 && d <= limit;
    });
    if (!ok) return `${t.hour}:${String(t.minute).padStart(2, '0')} named at ${Math.floor(now / 60)}:${String(now % 60).padStart(2, '0')}`;
  }
  return null;
}

export function checkRun(script: Script, lines: readonly Line[]): Failure[] {
  const out: Failure[] = [];
  const lang = script.lang;
  const fail = (property: Property, reply: string, detail: string) => out.push({ script: script.id, property, reply, detail });
  const keys = new Set<string>();
  const ops = SCRIPT_PLACES.map((p) => p[lang]);
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  const opsOther = SCRIPT_PLACES.map((p) => p[other]).filter((p) => !ops.includes(p));
  let priceGiven = false;
  const offered = new Set<string>();
  const dealerPlaces: string[] = [];
  let agreedPlace: string | null = null;
  let pendingQuestions: string[] = [];
  let noShowPending = false;
  let pricesHeard: number[] = [];
  let meetingHeard = false;
  let lastDealerMs = -Infinity;
  const names: string[] = [];
  const numbers: string[] = [];
  for (const l of lines) {
    if (l.who === 'dealer') {
      const f = script.turns[l.turn]!.facts;
      if (f.name) names.push(f.name);
      for (const m of l.text.matchAll(/\+?\d[\d ./-]{6,}\d/g)) if (m[0].replace(/\D/g, '').length >= 8) numbers.push(m[0].replace(/\D/g, ''));
      if (f.prices) priceGiven = true;
      for (const p of f.products ?? []) offered.add(p);
      if (f.meeting?.place) {
        if (f.meeting.operator_place) agreedPlace = f.meeting.place;
        else if (!GENERIC_SPANS.has(fold(f.meeting.place))) dealerPlaces.push(f.meeting.place);
      }
      if (f.question) pendingQuestions.push(f.question);
      if (f.no_show) noShowPending = true;
      // the promo's list is a broadcast, not a word to us
      if (f.prices && !f.promo) pricesHeard.push(...(f.price_items ?? []).map((p) => p.amount));
      // a place he stands at, his leaving and his complaint are answered by the lines for those
      if (f.meeting && (f.meeting.time || f.meeting.relative_min !== null || f.meeting.place) && !f.at_meeting && !f.no_show && !f.bye) meetingHeard = true;
      lastDealerMs = l.ms;
      continue;
    }
    const text = l.text;
    const f = fold(text);
    const short = text.slice(0, 120);
    if (priceGiven && (l.tactic === 'ask_price' || PRICE_ASK.test(f))) fail('price_not_reasked', short, `asks the price after it was given (${l.tactic ?? '?'})`);
    const products = readMessage(text, lang).products;
    if (offered.size && products.some((p) => !offered.has(p))) fail('offered_product', short, `names ${products.join(',')}; offered ${[...offered].join(',')}`);
    const late = clockAhead(l.ms, text, lang);
    if (late) fail('time_ahead', short, late);
    for (const dp of dealerPlaces) if (f.includes(fold(dp))) fail('place', short, `repeats the dealer's place "${dp}"`);
    for (const op of opsOther) if (f.includes(fold(op))) fail('place', short, `place in the other language: "${op}"`);
    const named = ops.filter((op) => f.includes(fold(op)));
    if (agreedPlace && named.some((op) => op !== agreedPlace)) fail('place', short, `names ${named.join(', ')}; agreed ${agreedPlace}`);
    // a place name the reader finds that is not on the list (our story's home town aside; lower-case
    // words the reader takes for a place after "at"/"aan" are not place names)
    for (const p of readMessage(text, lang).places)
      if (/^\p{Lu}/u.test(p) && !ops.some((op) => onList(op, p)) && !STORIES(lang).some((st) => st.includes(fold(p)))) fail('place', short, `names a place not on the list: "${p}"`);
    for (const q of pendingQuestions) if (!ANSWERS[q]?.(f, text, lang)) fail('question_answered', short, `does not answer ${q}`);
    pendingQuestions = [];
    const digits = new Set(text.match(/\d+/g) ?? []);
    if (pricesHeard.length && !pricesHeard.some((a) => digits.has(String(a))) && !PRICE_WORDS.test(f) && l.tactic !== 'haggle')
      fail('price_heard', short, `ignores his price ${pricesHeard.join(', ')} (${l.tactic ?? '?'})`);
    pricesHeard = [];
    // an excuse, or the late/lost line of a meeting window ("nog efkes, de tram is traag") takes it up too
    const aboutMeeting = MEETING_WORDS.test(f) || EXCUSE.test(f) || EXCUSES(lang).some((e) => f.includes(e)) || ANSWERS.where_are_you!(f, text, lang);
    if (meetingHeard && !readMessage(text, lang).times.length && !aboutMeeting) fail('meeting_heard', short, `ignores the time or place he gave (${l.tactic ?? '?'})`);
    meetingHeard = false;
    const key = sentenceKey(text);
    if (keys.has(key)) fail('no_repeat', short, 'sent before in this conversation');
    keys.add(key);
    if (inQuietHours(l.ms) && l.ms - lastDealerMs > 30 * MIN) fail('quiet_hours', short, `sent at ${new Date(l.ms).toISOString()} with the dealer quiet`);
    // names of two letters or more as words ("M" would match the m of "I'm")
    for (const n of names) if (n.length >= 2 && new RegExp(`(^|[^\\p{L}'])${n}($|[^\\p{L}'])`, 'iu').test(text)) fail('no_echo', short, `repeats the dealer's name "${n}"`);
    for (const n of numbers) if (text.replace(/\D/g, '').includes(n)) fail('no_echo', short, 'repeats a phone number');
    if (noShowPending && !EXCUSE.test(f) && !EXCUSES(lang).some((e) => f.includes(e))) fail('no_show_excused', short, 'first reply after a no-show has no excuse');
    noShowPending = false;
  }
  return out;
}

/** A run as a readable conversation (local times). */
export function formatRun(run: ScriptRun): string {
  const hhmm = (ms: number) => {
    const m = localMinutes(ms);
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  return run.lines.map((l) => `${hhmm(l.ms)} ${l.who === 'dealer' ? 'dealer' : `bot   `} ${l.text.replace(/\n/g, ' / ')}${l.tactic ? `   [${l.tactic}]` : ''}`).join('\n');
}
