// CLI registration of the simulator: `simulate` and `sim fit`. Implementations load lazily.
import type { Command } from 'commander';
import { processIo } from '../../data/console.js';
import { UsageError } from '../../data/errors.js';

export function registerSimCommands(program: Command): void {
  program
    .command('simulate')
    .description('run simulated dealers against a policy (or a running serve: --against); prints dealer-minutes with a 95% CI')
    .option('--policy <name>', 'random | loop | heuristic | oracle | varied | constant:TACTIC | a policy bundle DIR')
    .option('--against <url>', 'a running `dealerbot serve` (auto mode): dealers write through its webhook, replies come back through a fake android-sms-gateway')
    .option('--episodes <n>', 'conversations (default 1000; 100 with --against)')
    .option('--seed <s>', 'seed', '1')
    .option('--personas <file>', 'persona mix JSON (default: the bundled default mix)')
    .option('--epsilon <e>', 'epsilon-greedy exploration, for logging data with propensities', '0')
    .option('--log <file>', 'write the conversations as transcript v1 JSONL (renders text)')
    .option('--text', 'render dealer text (text-level simulation)')
    .option('--concurrency <n>', '--against: dealers in conversation at the same time', '10')
    .option('--time-scale <x>', "--against: serve's timeScale (default: read from its /health)")
    .option('--inbound <kind>', '--against: generic (bearer token) | android (signed sms:received)', 'generic')
    .option('--token <t>', '--against: generic webhook token (or env DEALERBOT_GENERIC_TOKEN)')
    .option('--signing-key <k>', '--against: android webhook signing key (or env DEALERBOT_SIGNING_KEY)')
    .option('--gateway-port <p>', '--against: port of the fake gateway on 127.0.0.1 (serve sends there)', '8090')
    .option('--max-decisions <n>', '--against: cap on bot replies per conversation (simulator default 60)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags) => {
      if ((flags.policy === undefined) === (flags.against === undefined))
        throw new UsageError('simulate needs exactly one of --policy NAME (in-process) or --against URL (a running serve)');
      if (flags.against !== undefined) {
        const { runSimulateAgainst } = await import('../live/run-simulate-against.js');
        await runSimulateAgainst(flags, processIo);
        return;
      }
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
