// Registers the scripts commands (benchmarks) on the CLI; implementations load lazily.
import type { Command } from 'commander';
import { note, printJson, processIo } from '../lib/console.js';

export function registerScriptCommands(program: Command): void {
  program
    .command('bench')
    .description('run the benchmark suite (import vs xmllint, NLU, features, simulator, gradient step vs PyTorch, runtime)')
    .option('--only <names>', 'comma-separated subset, e.g. nlu,sim-speed')
    .option('--quick', 'smaller sizes (a smoke run, not figures for BENCHMARKS.md)')
    .option('--json', 'print one JSON object with every result')
    .action(async (o: { only?: string; quick?: boolean; json?: boolean }) => {
      const { runBenchSuite } = await import('./bench/suite.js');
      const r = await runBenchSuite({ only: o.only?.split(',').map((s) => s.trim()).filter(Boolean), quick: o.quick, log: (l) => note(processIo, l) });
      if (o.json) printJson(processIo, r);
      else processIo.stdout.write(JSON.stringify(r, null, 2) + '\n');
    });
  program
    .command('loadtest')
    .description("the simulator's dealers against a running `dealerbot serve` (auto mode) through its webhooks; replies come back through a fake android-sms-gateway; prints live dealer-minutes with a 95% CI")
    .requiredOption('--against <url>', 'base URL of the running serve, e.g. http://127.0.0.1:8080')
    .option('--episodes <n>', 'conversations', '100')
    .option('--seed <s>', 'seed', '1')
    .option('--personas <file>', 'persona mix JSON (default: the bundled default mix)')
    .option('--concurrency <n>', 'dealers in conversation at the same time', '10')
    .option('--time-scale <x>', "serve's timeScale (default: read from its /health)")
    .option('--inbound <kind>', 'generic (bearer token) | android (signed sms:received)', 'generic')
    .option('--token <t>', 'generic webhook token (or env DEALERBOT_GENERIC_TOKEN)')
    .option('--signing-key <k>', 'android webhook signing key (or env DEALERBOT_SIGNING_KEY)')
    .option('--gateway-port <p>', 'port of the fake gateway on 127.0.0.1 (serve sends there)', '8090')
    .option('--max-decisions <n>', 'cap on bot replies per conversation (simulator default 60)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags) => {
      const { runLoadtest } = await import('./loadtest/run-loadtest.js');
      await runLoadtest(flags, processIo);
    });
}
