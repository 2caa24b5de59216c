// CLI registration of the NLU commands; implementations are imported lazily on use.
import type { Command } from 'commander';
import { printJson, processIo } from '../lib/console.js';
import { option, readableFile } from '../lib/flags.js';

export function registerNluCommands(program: Command): void {
  program
    .command('classify')
    .description('classify dealer messages: stdin lines → one JSON per line {text, act, confidence, lang, safety}')
    .option('--json', 'accepted for symmetry: the output is always JSON lines')
    .action(async () => {
      const { classifyStream } = await import('./classify-stream.js');
      await classifyStream(process.stdin, process.stdout);
    });

  const nlu = program.command('nlu').description('dealer-act NLU (classifier and safety rules)');
  nlu
    .command('eval')
    .description('per-act precision/recall/F1, macro-F1 and safety recall on the held-out set (or on a labelled file)')
    .addOption(option('--file <jsonl>', 'score this labelled JSONL file ({text, act, lang, minor?} per line) with the shipped classifier', readableFile()))
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean; file?: string }) => {
      const { runNluEval } = await import('./run-eval.js');
      const report = runNluEval({ file: opts.file });
      if (opts.json) printJson(processIo, report);
      else {
        const { formatEvaluation } = await import('./evaluate.js');
        processIo.stdout.write(formatEvaluation(report) + '\n');
      }
    });
}
