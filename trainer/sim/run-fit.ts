// `dealerbot sim fit`: transcript → fitted persona mix, plus how well the fitted simulator
// reproduces the logs (dealer-minutes, messages per conversation, delay quantiles, hazards).
import { writeFileSync } from 'node:fs';
import { meanCi95 } from '../../lib/ci.js';
import { type Io, note, printJson } from '../../lib/console.js';
import type { Lang } from '../../core/lang.js';
import { summarizeConversation } from '../../core/reward.js';
import { groupConversations, type TranscriptEvent } from '../../core/transcript.js';
import { delayQuantiles, estimate, fittedPersona, mixOf, stageHazards, stepsOf } from './fit.js';
import { defaultPersonaMix } from './persona.js';
import { BASELINES, baselinePolicy } from './policies/index.js';
import { simulatePolicy } from './simulate.js';
import { readTranscriptJsonl } from './transcript-file.js';

export interface FitFlags {
  data: string;
  out: string;
  lang?: Lang;
  seed?: number;
  episodes?: number;
  json?: boolean;
}

export interface Observables {
  conversations: number;
  dealer_minutes: { mean: number; ci95: [number, number] };
  messages_per_conversation: number;
  delay_minutes: ReturnType<typeof delayQuantiles>;
  hazards: ReturnType<typeof stageHazards>;
}

export function observables(events: readonly TranscriptEvent[]): Observables {
  const convs = [...groupConversations(events).values()];
  const sums = convs.map((c) => summarizeConversation(c));
  const dm = meanCi95(sums.map((s) => s.dealer_minutes));
  return {
    conversations: convs.length,
    dealer_minutes: { mean: dm.mean, ci95: dm.ci95 },
    messages_per_conversation: sums.reduce((a, s) => a + s.dealer_messages, 0) / Math.max(1, sums.length),
    delay_minutes: delayQuantiles(events),
    hazards: stageHazards(stepsOf(events)),
  };
}

export function runFit(flags: FitFlags, io: Io) {
  const { seed = 1, episodes = 500 } = flags;
  const events = readTranscriptJsonl(flags.data);
  const est = estimate(events, flags.lang);
  const persona = fittedPersona(est, defaultPersonaMix().personas.map((p) => p.persona));
  const mix = mixOf(persona, `fitted from ${flags.data}`);
  writeFileSync(flags.out, JSON.stringify(mix, null, 2) + '\n');

  // replay the logging policy when it is a baseline we know, else random
  const logged = events.find((e) => e.direction === 'out' && e.policy)?.policy ?? 'random';
  const policyName = (BASELINES as readonly string[]).includes(logged) ? logged : 'random';
  const simEvents: TranscriptEvent[] = [];
  simulatePolicy(baselinePolicy(policyName), { mix, episodes, seed, onConversation: (c) => simEvents.push(...c) });
  const report = {
    out: flags.out,
    conversations: est.conversations,
    decisions: est.decisions,
    estimates: est,
    persona,
    check: { policy: policyName, episodes, seed, logged: observables(events), simulated: observables(simEvents) },
  };
  if (flags.json) printJson(io, report);
  else {
    const l = report.check.logged;
    const s = report.check.simulated;
    const f = (x: number) => x.toFixed(2);
    note(io, `fitted ${est.conversations} conversations (${est.decisions} decisions) → ${flags.out}`);
    io.stdout.write(
      `delay log-normal mu ${f(est.delay.mu)} sigma ${f(est.delay.sigma)} busy +${f(est.delay.busy)} peak ${est.delay.peakHour}h (n=${est.delay.n})\n` +
        `reply ${f(persona.replyProb)} call ${f(persona.callProb)} callMu ${f(persona.callMu)} chattiness ${f(persona.chattiness)} greed ${f(persona.greed)} meet ${f(persona.meetProb)}\n` +
        `                 logged            simulated (${policyName}, ${episodes})\n` +
        `dealer-minutes   ${f(l.dealer_minutes.mean).padEnd(17)} ${f(s.dealer_minutes.mean)}\n` +
        `messages/conv    ${f(l.messages_per_conversation).padEnd(17)} ${f(s.messages_per_conversation)}\n` +
        `delay p50 (min)  ${f(l.delay_minutes.p50).padEnd(17)} ${f(s.delay_minutes.p50)}\n` +
        `delay p90 (min)  ${f(l.delay_minutes.p90).padEnd(17)} ${f(s.delay_minutes.p90)}\n`,
    );
  }
  return report;
}
