// Registers the scripts commands (benchmarks) on the CLI; implementations load lazily.
import type { Command } from 'commander';
import { note, printJson, processIo } from '../data/console.js';

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
}
