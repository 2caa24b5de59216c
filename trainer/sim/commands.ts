// CLI registration of the simulator: `simulate` and `sim fit`. Implementations load lazily.
import type { Command } from 'commander';
import { processIo } from '../../lib/console.js';
import { UsageError } from '../../lib/errors.js';
import { choice, integer, option, probability, readableFile } from '../../lib/flags.js';
import { LANGS } from '../../core/lang.js';

export function registerSimCommands(program: Command): void {
  program
    .command('simulate')
    .description('run simulated dealers against a policy in-process; prints dealer-minutes with a 95% CI (a running serve: `dealerbot loadtest`)')
    .option('--policy <name>', 'random | loop | heuristic | oracle | varied | constant:TACTIC | a policy bundle DIR')
    .addOption(option('--episodes <n>', 'conversations', integer({ min: 1 }), 1000))
    .addOption(option('--seed <s>', 'seed', integer({ min: 0 }), 1))
    .addOption(option('--personas <file>', 'persona mix JSON (default: the bundled default mix)', readableFile()))
    .addOption(option('--epsilon <e>', 'epsilon-greedy exploration, for logging data with propensities', probability(), 0))
    .option('--log <file>', 'write the conversations as transcript v1 JSONL (renders text)')
    .option('--text', 'render dealer text (text-level simulation)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags) => {
      if (flags.policy === undefined) throw new UsageError('simulate needs --policy NAME (a running serve: dealerbot loadtest --against URL)');
      const { runSimulate } = await import('./run-simulate.js');
      await runSimulate(flags, processIo);
    });
  program
    .command('sim')
    .description('simulator tools')
    .command('fit')
    .description('fit persona parameters to a transcript by maximum likelihood')
    .addOption(option('--data <file>', 'transcript v1 JSONL', readableFile()).makeOptionMandatory())
    .requiredOption('--out <file>', 'persona mix JSON to write')
    .addOption(option('--lang <lang>', 'language of the fitted persona (nl|en)', choice(LANGS)))
    .addOption(option('--seed <s>', 'seed of the check simulation', integer({ min: 0 }), 1))
    .addOption(option('--episodes <n>', 'conversations in the check simulation', integer({ min: 1 }), 500))
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags) => {
      const { runFit } = await import('./run-fit.js');
      runFit(flags, processIo);
    });
}
