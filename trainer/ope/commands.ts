// `dealerbot evaluate`: registered here, implemented in run-evaluate.ts (loaded lazily).
import type { Command } from 'commander';
import { processIo } from '../../lib/console.js';

export function registerEvaluateCommands(program: Command): void {
  program
    .command('evaluate')
    .description("off-policy evaluation: a bundle's (or a baseline's) dealer-minutes estimated from logged conversations (IS, WIS, PDIS, WPDIS, DR, WDR, FQE), beside the logged policy's")
    .option('--model <dir>', 'policy bundle to evaluate (at its own temperature/epsilon)')
    .option('--policy <name>', 'or a baseline to evaluate: random, loop, heuristic, constant:TACTIC')
    .option('--epsilon <e>', 'with --policy: ε-greedy exploration over the allowed tactics')
    .requiredOption('--data <file>', 'transcript v1 whose decisions carry tactic and propensity (simulate --epsilon --log, or dealerbot export)')
    .option('--sim', 'also run the bundle in the simulator for its on-policy value')
    .option('--personas <file>', 'persona mix for --sim (default: the bundled mix)')
    .option('--episodes <n>', 'simulated conversations for --sim', '2000')
    .option('--seed <n>', "seed of FQE's forest, the bootstrap and the simulator", '1')
    .option('--fqe <model>', 'Q model of FQE, DR and WDR: forest (extremely randomised trees) or linear (ridge; fast, but extrapolates when the policy leaves the logged states)', 'forest')
    .option('--fqe-interval <how>', "FQE's interval: influence (forest only: Q refitted to first order; the forest's default) or bootstrap (refit per resample; the linear model's)")
    .option('--resamples <n>', 'bootstrap resamples for FQE with --fqe-interval bootstrap (each refits)', '200')
    .option('--estimate-behaviour', 'logs without propensities: fit behaviour cloning and use its probabilities (labelled "estimated")')
    .option('--json', 'print one JSON object')
    .addHelpText('after', '\nExamples:\n  dealerbot evaluate --model models/default --data logs.jsonl --sim\n  dealerbot evaluate --policy heuristic --epsilon 0.1 --data logs.jsonl')
    .action(async (o: { model?: string; policy?: string; epsilon?: string; data: string; sim?: boolean; personas?: string; episodes: string; seed: string; fqe: string; fqeInterval?: string; resamples: string; estimateBehaviour?: boolean; json?: boolean }) => {
      const [{ runEvaluate }, { parseChoice, parseEpsilon, parseInteger }] = await Promise.all([import('./run-evaluate.js'), import('../../lib/flags.js')]);
      await runEvaluate(
        {
          model: o.model,
          policy: o.policy,
          epsilon: parseEpsilon(o.epsilon),
          data: o.data,
          sim: o.sim,
          personas: o.personas,
          episodes: parseInteger('episodes', o.episodes, 1),
          seed: parseInteger('seed', o.seed, 0),
          fqe: parseChoice('fqe', o.fqe, ['forest', 'linear'] as const),
          fqeInterval: o.fqeInterval === undefined ? undefined : parseChoice('fqe-interval', o.fqeInterval, ['influence', 'bootstrap'] as const),
          resamples: parseInteger('resamples', o.resamples, 0),
          estimateBehaviour: o.estimateBehaviour,
          json: o.json,
        },
        processIo,
      );
    });
}
