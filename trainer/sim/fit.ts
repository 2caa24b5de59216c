// Calibration: persona parameters from a transcript by maximum likelihood (or, where the model
// gives a closed form, the matching moment, which is the MLE for it), and the observable
// summaries (delay quantiles, per-stage continuation and burn hazards) used to compare a fitted
// simulator with the logs. Parameters the logs cannot identify (patience, suspicion and
// annoyance dynamics) come from the nearest bundled persona. Equations: docs/simulator.md.
import { quantile } from '../../lib/ci.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import { groupConversations } from '../../core/transcript.js';
import type { Lang } from '../../core/lang.js';
import { DEALER } from './dealer-coefficients.js';
import type { Persona, PersonaMix } from './persona.js';

const HOUR = 3_600_000;

/** One of our decisions and the dealer's events until the next one. */
interface Step {
  out: TranscriptEvent;
  ins: TranscriptEvent[];
  /** the step right after a meeting was agreed (the dealer goes, or not) */
  afterAgreement: boolean;
  /** the last step of the conversation */
  last: boolean;
  /** observable stage before this decision */
  stage: ObservedStage;
  /** number of the decision in its conversation (0 = first) */
  index: number;
}

export const OBSERVED_STAGES = ['open', 'menu', 'price', 'arrange', 'after'] as const;
export type ObservedStage = (typeof OBSERVED_STAGES)[number];

export function stepsOf(events: readonly TranscriptEvent[]): Step[] {
  const steps: Step[] = [];
  for (const conv of groupConversations(events).values()) {
    let stage: ObservedStage = 'open';
    let cur: Step | undefined;
    let agreedPrev = false;
    const convSteps: Step[] = [];
    const bump = (e: TranscriptEvent) => {
      if (e.kind === 'meeting') stage = 'after';
      else if (e.act === 'meet_propose' || e.act === 'meet_confirm') stage = stage === 'after' ? 'after' : 'arrange';
      else if (e.act === 'price' && (stage === 'open' || stage === 'menu')) stage = 'price';
      else if (e.act === 'product' && stage === 'open') stage = 'menu';
    };
    for (const e of conv) {
      if (e.direction === 'out') {
        if (cur) agreedPrev = cur.ins.some((x) => x.act === 'meet_confirm');
        cur = { out: e, ins: [], afterAgreement: agreedPrev, last: false, stage, index: convSteps.length };
        convSteps.push(cur);
      } else {
        if (cur) cur.ins.push(e);
        bump(e);
      }
    }
    if (convSteps.length) convSteps[convSteps.length - 1]!.last = true;
    steps.push(...convSteps);
  }
  return steps;
}

/** Reply delays in minutes (first dealer event after one of our messages), with the hour we sent at. */
export function replyDelays(steps: readonly Step[]): { minutes: number; sentHour: number }[] {
  const out: { minutes: number; sentHour: number }[] = [];
  for (const s of steps) {
    if (s.out.kind === 'wait' || s.afterAgreement || s.ins.length === 0) continue;
    const first = s.ins[0]!;
    if (first.kind === 'meeting' || first.act === 'where_are_you') continue;
    const sent = Date.parse(s.out.ts);
    const got = Date.parse(first.ts);
    const sh = hourOf(sent);
    const rh = hourOf(got);
    // nobody answers at night: those replies are pushed to the morning, not log-normal
    if (sh >= 1 && sh < 9) continue;
    if (rh >= 3 && rh < 10) continue;
    if (got <= sent) continue;
    out.push({ minutes: (got - sent) / 60_000, sentHour: sh });
  }
  return out;
}

export interface Hazards {
  stage: ObservedStage;
  decisions: number;
  /** P(the conversation goes on after a decision at this stage) */
  continuation: number;
  /** P(the dealer ends it by calling us out) */
  burn: number;
}

export function stageHazards(steps: readonly Step[]): Hazards[] {
  return OBSERVED_STAGES.map((stage) => {
    const at = steps.filter((s) => s.stage === stage);
    // a cut by the episode cap looks like a silent block in a log: both count as an end
    const ended = at.filter((s) => s.last).length;
    const burned = at.filter((s) => s.last && s.ins.length > 0 && s.ins[s.ins.length - 1]!.act === 'suspicion').length;
    const n = at.length;
    return { stage, decisions: n, continuation: n ? 1 - ended / n : NaN, burn: n ? burned / n : NaN };
  });
}

export interface FitEstimates {
  conversations: number;
  decisions: number;
  lang: Lang;
  delay: { mu: number; sigma: number; busy: number; peakHour: number; n: number };
  replyProb: { value: number; n: number };
  /** answer rate of a message sent while our last one was unanswered, relative to replyProb */
  doubleTextReply: { value: number; n: number };
  callProb: { value: number; n: number };
  callMu: { value: number; n: number };
  chattiness: { value: number; n: number };
  greed: { value: number; n: number };
  meetProb: { value: number; n: number };
  emoji: { value: number; n: number };
  hazards: Hazards[];
}

const SINGLE_REPLY = new Set(['show_interest', 'ask_price', 'ask_quality', 'ask_location', 'misunderstand', 'small_talk', 'reassure', 'apologize_return']);
const EMOJI_END = /\p{Extended_Pictographic}\uFE0F?$/u;

export function estimate(events: readonly TranscriptEvent[], lang?: Lang, suspicionGuess = 0.15): FitEstimates {
  const steps = stepsOf(events);
  const conversations = new Set(events.map((e) => e.conversation)).size;
  const delays = replyDelays(steps);
  const delay = fitDelays(delays);

  // answer rate on the first decision (annoyance is still 0 there); silent blocks excluded
  const firsts = steps.filter((s) => s.index === 0 && s.out.kind === 'sms');
  const answered = firsts.filter((s) => s.ins.length > 0).length;
  const blocked = firsts.filter((s) => s.ins.length === 0 && s.last).length;
  const replyProb = { value: ratio(answered, firsts.length - blocked), n: firsts.length - blocked };

  // double texts: a message of ours (not a silence) right after one that got no answer; silent
  // blocks excluded as above. Their answer rate over the first decision's is the persona's factor
  // (annoyance has grown a little by then, so it reads slightly low).
  const doubles = steps.filter((s, i) => {
    const prev = steps[i - 1];
    return s.index > 0 && prev !== undefined && s.out.kind === 'sms' && s.out.tactic !== 'go_silent' && prev.out.kind === 'sms' && prev.out.tactic !== 'go_silent' && prev.ins.length === 0;
  });
  const doublesAnswered = doubles.filter((s) => s.ins.length > 0).length;
  const doublesBlocked = doubles.filter((s) => s.ins.length === 0 && s.last).length;
  const doubleRate = ratio(doublesAnswered, doubles.length - doublesBlocked);
  const doubleTextReply = { value: replyProb.value > 0 ? clamp01(doubleRate / replyProb.value) : NaN, n: doubles.length - doublesBlocked };

  // ordinary answers: not a test, not an ending, not a meeting
  const ordinary = steps.filter(
    (s) =>
      s.out.kind === 'sms' &&
      !s.afterAgreement &&
      s.ins.length > 0 &&
      !(s.ins[0]!.act === 'suspicion' || s.ins[0]!.act === 'goodbye') &&
      !(s.last && s.ins[s.ins.length - 1]!.act === 'suspicion'),
  );
  const spont = ordinary.filter((s) => s.out.tactic !== 'ask_call');
  const spontCalls = spont.filter((s) => s.ins[0]!.kind === 'call').length;
  const callProb = { value: clamp01((DEALER.call.spontaneousDivisor * spontCalls) / Math.max(1, spont.length)), n: spont.length };

  const durations = events.filter((e) => e.direction === 'in' && e.kind === 'call' && (e.duration_s ?? 0) > 0).map((e) => Math.log(e.duration_s!));
  const callMu = { value: durations.length ? mean(durations) : NaN, n: durations.length };

  const single = ordinary.filter((s) => SINGLE_REPLY.has(s.out.tactic ?? '') && s.ins[0]!.kind === 'sms' && !s.last);
  const chattiness = { value: single.length ? mean(single.map((s) => s.ins.filter((e) => e.kind === 'sms').length - 1)) : NaN, n: single.length };

  // ask_menu: a greedy dealer adds his price to the menu with probability `greed`
  const menus = ordinary.filter((s) => s.out.tactic === 'ask_menu' && s.ins[0]!.act === 'product');
  const greed = { value: ratio(menus.filter((s) => s.ins[1]?.act === 'price').length, menus.length), n: menus.length };

  // first meeting of a conversation: attendance = meetProb·(1 − attendSuspicion·s)
  const seen = new Set<string>();
  const firstMeetings: Step[] = [];
  for (const s of steps) {
    if (!s.afterAgreement || s.out.tactic === 'reschedule' || seen.has(s.out.conversation)) continue;
    if (s.ins.some((e) => e.act === 'goodbye') || (s.last && s.ins.length === 0)) continue;
    if (s.ins.length && s.ins[s.ins.length - 1]!.act === 'suspicion' && s.last) continue;
    seen.add(s.out.conversation);
    firstMeetings.push(s);
  }
  const went = firstMeetings.filter((s) => s.ins.some((e) => e.kind === 'meeting')).length;
  const meetProb = { value: clamp01(ratio(went, firstMeetings.length) / (1 - DEALER.meeting.attendSuspicion * suspicionGuess)), n: firstMeetings.length };

  const texts = events.filter((e) => e.direction === 'in' && e.kind === 'sms' && e.text);
  const emoji = { value: ratio(texts.filter((e) => EMOJI_END.test(e.text)).length, texts.length), n: texts.length };

  return {
    conversations,
    decisions: steps.length,
    lang: lang ?? guessLang(texts.map((e) => e.text)),
    delay,
    replyProb,
    doubleTextReply,
    callProb,
    callMu,
    chattiness,
    greed,
    meetProb,
    emoji,
    hazards: stageHazards(steps),
  };
}

/**
 * Log-normal delays whose log-mean rises with a daily workload cosine:
 * log d = mu + b·½(1 + cos(2π(h − peak)/24)) + σ·ε. OLS per candidate peak hour is the MLE of
 * (mu, b, σ) for that peak; the peak with the smallest residual wins.
 */
export function fitDelays(delays: readonly { minutes: number; sentHour: number }[]): FitEstimates['delay'] {
  const n = delays.length;
  if (n < 3) return { mu: NaN, sigma: NaN, busy: NaN, peakHour: 0, n };
  const y = delays.map((d) => Math.log(d.minutes));
  let best = { rss: Infinity, mu: 0, b: 0, peak: 0 };
  for (let peak = 0; peak < 24; peak++) {
    const x = delays.map((d) => 0.5 * (1 + Math.cos(((d.sentHour - peak) / 24) * 2 * Math.PI)));
    const mx = mean(x);
    const my = mean(y);
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (x[i]! - mx) * (y[i]! - my);
      sxx += (x[i]! - mx) ** 2;
    }
    let b = sxx > 0 ? sxy / sxx : 0;
    if (b < 0) b = 0; // a busier hour never makes a dealer faster
    const mu = my - b * mx;
    let rss = 0;
    for (let i = 0; i < n; i++) rss += (y[i]! - mu - b * x[i]!) ** 2;
    if (rss < best.rss) best = { rss, mu, b, peak };
  }
  return { mu: best.mu, sigma: Math.sqrt(best.rss / n), busy: best.b, peakHour: best.peak, n };
}

/** A persona from the estimates; what the logs cannot identify comes from the nearest of `bases`. */
export function fittedPersona(est: FitEstimates, bases: readonly Persona[], id = 'fitted'): Persona {
  const pick = (v: number, d: number) => (Number.isFinite(v) ? v : d);
  const dist = (p: Persona) =>
    (pick(est.delay.mu, p.delay.mu) - p.delay.mu) ** 2 +
    (pick(est.replyProb.value, p.replyProb) - p.replyProb) ** 2 * 4 +
    (pick(est.callProb.value, p.callProb) - p.callProb) ** 2 * 4 +
    (pick(est.chattiness.value, p.chattiness) - p.chattiness) ** 2 +
    (pick(est.greed.value, p.greed) - p.greed) ** 2 +
    (pick(est.meetProb.value, p.meetProb) - p.meetProb) ** 2 +
    (p.lang === est.lang ? 0 : 0.5);
  const base = [...bases].sort((a, b) => dist(a) - dist(b))[0]!;
  return {
    ...base,
    id,
    kind: `fitted (nearest: ${base.kind})`,
    lang: est.lang,
    replyProb: round(clamp01(pick(est.replyProb.value, base.replyProb))),
    doubleTextReply: round(clamp01(pick(est.doubleTextReply.value, base.doubleTextReply))),
    delay: { mu: round(clamp(pick(est.delay.mu, base.delay.mu), -2, 8)), sigma: round(clamp(pick(est.delay.sigma, base.delay.sigma), 0.01, 3)) },
    // the logs identify busyDelay·workload only: workload is set to 1
    busyDelay: round(clamp(pick(est.delay.busy, base.busyDelay * base.workload), 0, 4)),
    workload: 1,
    peakHour: Number.isFinite(est.delay.mu) ? est.delay.peakHour : base.peakHour,
    callProb: round(clamp01(pick(est.callProb.value, base.callProb))),
    callMu: round(clamp(pick(est.callMu.value, base.callMu), 0, 8)),
    chattiness: round(clamp(pick(est.chattiness.value, base.chattiness), 0, 3)),
    greed: round(clamp01(pick(est.greed.value, base.greed))),
    meetProb: round(clamp01(pick(est.meetProb.value, base.meetProb))),
    style: { ...base.style, emoji: round(clamp01(pick(est.emoji.value, base.style.emoji))) },
  };
}

export function mixOf(persona: Persona, name: string): PersonaMix {
  return { format: 'dealerbot-personas', version: 1, name, personas: [{ weight: 1, persona }] };
}

export function delayQuantiles(events: readonly TranscriptEvent[]): { p25: number; p50: number; p75: number; p90: number; n: number } {
  const d = replyDelays(stepsOf(events)).map((x) => x.minutes);
  return { p25: quantile(d, 0.25), p50: quantile(d, 0.5), p75: quantile(d, 0.75), p90: quantile(d, 0.9), n: d.length };
}

const NL_WORDS = /\b(ge|gij|zijt|efkes|allez|ni|wa|ik|het|de|een|voor|gast|goe)\b/gi;
const EN_WORDS = /\b(u|you|ur|the|for|bro|im|what|is|and|it|aint)\b/gi;
function guessLang(texts: readonly string[]): Lang {
  let nl = 0;
  let en = 0;
  for (const t of texts) {
    nl += (t.match(NL_WORDS) ?? []).length;
    en += (t.match(EN_WORDS) ?? []).length;
  }
  return nl > en ? 'nl' : 'en';
}

function hourOf(ms: number): number {
  return (ms / HOUR) % 24;
}
const mean = (a: readonly number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const clamp01 = (x: number) => clamp(x, 0, 1);
const round = (x: number) => Math.round(x * 1000) / 1000;
