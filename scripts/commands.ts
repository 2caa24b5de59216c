// Registers the scripts commands (benchmarks) on the CLI; implementations load lazily.
import type { Command } from 'commander';
import { note, printJson, processIo } from '../lib/console.js';
import { choice, httpUrl, integer, list, number, option, port, positiveNumber, readableFile } from '../lib/flags.js';
import { BENCHMARKS } from './bench/suite.js';

export function registerScriptCommands(program: Command): void {
  program
    .command('bench')
    .description('run the benchmark suite (import vs xmllint, NLU, features, simulator, gradient step vs PyTorch, runtime)')
    .addOption(option('--only <names>', 'comma-separated subset, e.g. nlu,sim-speed', list(choice(BENCHMARKS.map((b) => b.name)))))
    .option('--quick', 'smaller sizes (a smoke run, not figures for BENCHMARKS.md)')
    .option('--json', 'print one JSON object with every result')
    .action(async (o: { only?: string[]; quick?: boolean; json?: boolean }) => {
      const { runBenchSuite } = await import('./bench/suite.js');
      const r = await runBenchSuite({ only: o.only, quick: o.quick, log: (l) => note(processIo, l) });
      if (o.json) printJson(processIo, r);
      else processIo.stdout.write(JSON.stringify(r, null, 2) + '\n');
    });
  program
    .command('loadtest')
    .description("the simulator's dealers against a running `dealerbot serve` (auto mode) through its webhooks; replies come back through a fake android-sms-gateway; prints live dealer-minutes with a 95% CI")
    .addOption(option('--against <url>', 'base URL of the running serve, e.g. http://127.0.0.1:8080', httpUrl()).makeOptionMandatory())
    .addOption(option('--episodes <n>', 'conversations', integer({ min: 1 }), 100))
    .addOption(option('--seed <s>', 'seed', integer({ min: 0 }), 1))
    .addOption(option('--personas <file>', 'persona mix JSON (default: the bundled default mix)', readableFile()))
    .addOption(option('--concurrency <n>', 'dealers in conversation at the same time', integer({ min: 1 }), 10))
    .addOption(option('--time-scale <x>', "serve's timeScale (default: read from its /health)", positiveNumber()))
    .addOption(option('--inbound <kind>', 'generic (bearer token) | android (signed sms:received)', choice(['generic', 'android'] as const), 'generic'))
    .option('--token <t>', 'generic webhook token (or env DEALERBOT_GENERIC_TOKEN)')
    .option('--signing-key <k>', 'android webhook signing key (or env DEALERBOT_SIGNING_KEY)')
    .addOption(option('--gateway-port <p>', 'port of the fake gateway on 127.0.0.1 (serve sends there; 0: any free port)', port({ free: true }), 8090))
    .addOption(option('--max-decisions <n>', 'cap on bot replies per conversation (simulator default 60)', integer({ min: 1 })))
    .option('--compare <policy>', "also run this policy (a bundle DIR or a baseline) in-process on the same dealers, read by the runtime's NLU, and print live/in-process")
    .addOption(option('--wait-for-serve <s>', 'keep asking for serve\'s /health this many seconds (start serve after the fake gateway is up, e.g. after --compare\'s in-process run)', integer({ min: 0, max: 3600 }), 0))
    .addOption(option('--promo-threshold <p>', "serve's promoThreshold, for --compare's engagement gate (default 0.7)", number({ min: 0.5, max: 1 })))
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags) => {
      const { runLoadtest } = await import('./loadtest/run-loadtest.js');
      await runLoadtest(flags, processIo);
    });
}
