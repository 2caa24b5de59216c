// `dealerbot evaluate`: registered here, implemented in run-evaluate.ts (loaded lazily).
import type { Command } from 'commander';
import { processIo } from '../../lib/console.js';
import { choice, integer, option, probability, readableFile } from '../../lib/flags.js';
import type { EvaluateFlags } from './run-evaluate.js';

export function registerEvaluateCommands(program: Command): void {
  program
    .command('evaluate')
    .description("off-policy evaluation: a bundle's (or a baseline's) dealer-minutes estimated from logged conversations (IS, WIS, PDIS, WPDIS, DR, WDR, FQE), beside the logged policy's")
    .option('--model <dir>', 'policy bundle to evaluate (at its own temperature/epsilon)')
    .option('--policy <name>', 'or a baseline to evaluate: random, loop, heuristic, constant:TACTIC')
    .addOption(option('--epsilon <e>', 'with --policy: ε-greedy exploration over the allowed tactics', probability()))
    .addOption(option('--data <file>', 'transcript v1 whose decisions carry tactic and propensity (simulate --epsilon --log, or dealerbot export)', readableFile()).makeOptionMandatory())
    .option('--sim', 'also run the bundle in the simulator for its on-policy value')
    .addOption(option('--personas <file>', 'persona mix for --sim (default: the bundled mix)', readableFile()))
    .addOption(option('--episodes <n>', 'simulated conversations for --sim', integer({ min: 1 }), 2000))
    .addOption(option('--seed <n>', "seed of FQE's forest, the bootstrap and the simulator", integer({ min: 0 }), 1))
    .addOption(option('--fqe <model>', 'Q model of FQE, DR and WDR: forest (extremely randomised trees) or linear (ridge; fast, but extrapolates when the policy leaves the logged states)', choice(['forest', 'linear'] as const), 'forest'))
    .addOption(option('--fqe-interval <how>', "FQE's interval: influence (forest only: Q refitted to first order; the forest's default) or bootstrap (refit per resample; the linear model's)", choice(['influence', 'bootstrap'] as const)))
    .addOption(option('--resamples <n>', 'bootstrap resamples for FQE with --fqe-interval bootstrap (each refits)', integer({ min: 0 }), 200))
    .option('--estimate-behaviour', 'logs without propensities: fit behaviour cloning and use its probabilities (labelled "estimated")')
    .option('--json', 'print one JSON object')
    .addHelpText('after', '\nExamples:\n  dealerbot evaluate --model models/default --data logs.jsonl --sim\n  dealerbot evaluate --policy heuristic --epsilon 0.1 --data logs.jsonl')
    .action(async (o: EvaluateFlags) => {
      const { runEvaluate } = await import('./run-evaluate.js');
      await runEvaluate(o, processIo);
    });
}
