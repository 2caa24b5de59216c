// CLI registration of the simulator: `simulate` and `sim fit`. Implementations load lazily.
import type { Command } from 'commander';
import { processIo } from '../../lib/console.js';
import { UsageError } from '../../lib/errors.js';

export function registerSimCommands(program: Command): void {
  program
    .command('simulate')
    .description('run simulated dealers against a policy in-process; prints dealer-minutes with a 95% CI (a running serve: `dealerbot loadtest`)')
    .option('--policy <name>', 'random | loop | heuristic | oracle | varied | constant:TACTIC | a policy bundle DIR')
    .option('--episodes <n>', 'conversations', '1000')
    .option('--seed <s>', 'seed', '1')
    .option('--personas <file>', 'persona mix JSON (default: the bundled default mix)')
    .option('--epsilon <e>', 'epsilon-greedy exploration, for logging data with propensities', '0')
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
    .requiredOption('--data <file>', 'transcript v1 JSONL')
    .requiredOption('--out <file>', 'persona mix JSON to write')
    .option('--lang <lang>', 'language of the fitted persona (nl|en)')
    .option('--seed <s>', 'seed of the check simulation', '1')
    .option('--episodes <n>', 'conversations in the check simulation', '500')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags) => {
      const { runFit } = await import('./run-fit.js');
      runFit(flags, processIo);
    });
}
