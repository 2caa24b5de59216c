// `dealerbot evaluate`: a policy bundle judged on logged conversations (off-policy estimates with
// intervals and diagnostics, beside the logging policy's own value) and, with --sim, on the
// simulator's dealers (on-policy truth) for comparison.
import { type Io, note, printJson } from '../../lib/console.js';
import { InputError, UsageError } from '../../lib/errors.js';
import { createEncoder } from '../../core/features/encoder.js';
import type { LoggedEpisode } from '../episodes.js';
import { loadEpisodesFromFile } from '../logged-episodes.js';
import { EpisodeInputError } from './errors.js';
import { evaluatePolicy, type FqeModel, type OpeReport } from './evaluate.js';
import { formatOpeReport } from './format.js';
import { inSampleOf } from './in-sample.js';
import type { PolicyProbabilities } from './policy.js';
import { resolveTarget } from './target-policy.js';

export interface EvaluateFlags {
  /** a policy bundle folder, or … */
  model?: string;
  /** … a baseline by name (random, loop, heuristic, constant:TACTIC), with … */
  policy?: string;
  /** … optional ε-greedy exploration */
  epsilon?: number;
  data: string;
  sim?: boolean;
  personas?: string;
  episodes?: number;
  seed?: number;
  resamples?: number;
  fqe?: FqeModel;
  fqeInterval?: 'influence' | 'bootstrap';
  estimateBehaviour?: boolean;
  json?: boolean;
}

export type EvaluateSummary = OpeReport & {
  model: string;
  data: string;
  conversations: number;
  /** conversations left out (unlabelled, without decisions) and replies left out as steps (undelivered or failed) */
  left_out: { unlabelled: number; no_decisions: number; undelivered: number };
  sim?: { dealer_minutes: { mean: number; ci95: [number, number] }; episodes: number; personas: string };
};

export async function runEvaluate(f: EvaluateFlags, io: Io): Promise<EvaluateSummary> {
  if (f.fqe === 'linear' && f.fqeInterval === 'influence') {
    throw new UsageError('--fqe-interval influence needs --fqe forest (the linear model has no influence values): use --fqe-interval bootstrap');
  }
  const seed = f.seed ?? 1;
  const target = await resolveTarget(f);
  note(io, `evaluate: reading ${f.data} (replaying each conversation through the NLU and the feature encoder) …`);
  const loaded = await loadEpisodesFromFile(f.data, { createEncoder, requirePropensity: !f.estimateBehaviour, keepHistory: target.needsHistory });
  const { episodes, origins } = loaded;
  if (loaded.unlabelled) note(io, `evaluate: ${loaded.unlabelled} conversations left out: decisions without a tactic (run \`dealerbot data label\` first)`);
  // DESIGN.md "Reward": a reply that never reached the dealer is no decision; an unknown one is
  if (loaded.undelivered)
    note(io, `evaluate: ${loaded.undelivered} replies reported undelivered or failed are no decisions (their minutes go to the decision before); replies without a delivery report count as sent`);
  if (!episodes.length) throw new InputError(f.data, undefined, 'no conversation with logged decisions to evaluate on');

  const inSample = await inSampleOf(target.training, f.data);
  if (inSample && inSample.how !== 'changed') note(io, `evaluate: ${target.id} was trained on ${f.data} (${inSample.how === 'sha256' ? 'same sha256' : 'same path'}): this is in-sample evaluation, and optimistic`);
  const behaviour = f.estimateBehaviour ? await fitBehaviour(episodes, seed, io) : undefined;
  let report: OpeReport;
  try {
    report = evaluatePolicy(episodes, target.probs, { seed, resamples: f.resamples, behaviour, fqe: { model: f.fqe ?? 'forest' }, fqeInterval: f.fqeInterval, progress: stagedNotes(io), inSample });
  } catch (e) {
    // name the transcript line behind an episode step, not the episode index
    if (e instanceof EpisodeInputError) {
      const o = e.step !== undefined ? origins[e.episodeIndex]?.[e.step] : origins[e.episodeIndex]?.[0];
      if (o) throw new InputError(o.file, o.line, e.reason, e.code);
    }
    throw e;
  }
  const summary: EvaluateSummary = {
    model: target.id,
    data: f.data,
    conversations: loaded.conversations,
    left_out: { unlabelled: loaded.unlabelled, no_decisions: loaded.noDecisions, undelivered: loaded.undelivered },
    ...report,
  };
  if (f.sim) {
    const [{ simulatePolicy }, personas] = await Promise.all([
      import('../sim/simulate.js'),
      import('../sim/persona.js'),
    ]);
    const mix = f.personas ? personas.loadPersonaMix(f.personas) : personas.defaultPersonaMix();
    const n = f.episodes ?? 2000;
    note(io, `evaluate: simulating ${n} conversations for the on-policy truth …`);
    const s = simulatePolicy(await target.simulated(), { mix, episodes: n, seed });
    summary.sim = { dealer_minutes: s.dealer_minutes, episodes: n, personas: mix.name };
  }
  if (f.json) printJson(io, summary);
  else {
    io.stdout.write(formatOpeReport(report) + '\n');
    if (summary.sim) {
      const d = summary.sim.dealer_minutes;
      io.stdout.write(`simulator truth (${summary.sim.episodes} conversations, ${summary.sim.personas}): ${d.mean.toFixed(2)} [${d.ci95[0].toFixed(2)}, ${d.ci95[1].toFixed(2)}]\n`);
    }
  }
  return summary;
}

/** --estimate-behaviour: behaviour cloning of the logged tactics stands in for missing propensities. */
async function fitBehaviour(episodes: readonly LoggedEpisode[], seed: number, io: Io): Promise<PolicyProbabilities> {
  const { learnOffline } = await import('../train/loop.js');
  note(io, 'evaluate: no logged propensities used: fitting behaviour cloning as the behaviour policy (every figure rests on it)');
  const { learned } = await learnOffline('bc', episodes, {
    seed,
    iterations: BEHAVIOUR_ITERATIONS,
    // a behaviour model must not put zero probability on what was logged
    epsilon: 0.01,
  });
  return (obs, mask) => learned.policy.probs(obs, mask);
}

/** Gradient steps of the behaviour-cloning fit behind --estimate-behaviour. */
const BEHAVIOUR_ITERATIONS = 400;

/** Stage notes on stderr with the seconds the previous stage took: evaluate can run for minutes. */
function stagedNotes(io: Io): (stage: string | null) => void {
  let t0 = performance.now();
  let previous: string | null = null;
  return (stage) => {
    const now = performance.now();
    if (previous !== null) note(io, `evaluate:   done in ${((now - t0) / 1000).toFixed(1)} s`);
    if (stage !== null) note(io, `evaluate: ${stage} …`);
    previous = stage;
    t0 = now;
  };
}
