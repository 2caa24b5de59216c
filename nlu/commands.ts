// CLI registration of the NLU commands; implementations are imported lazily on use.
import type { Command } from 'commander';
import { printJson, processIo } from '../lib/console.js';
import { integer, option, readableFile } from '../lib/flags.js';

export function registerNluCommands(program: Command): void {
  program
    .command('classify')
    .description('classify dealer messages: stdin lines → one JSON per line {text, act, confidence, lang, safety, safety_reason, promo}')
    .option('--json', 'accepted for symmetry: the output is always JSON lines')
    .action(async () => {
      const { classifyStream } = await import('./classify-stream.js');
      await classifyStream(process.stdin, process.stdout);
    });

  const nlu = program.command('nlu').description('dealer-act NLU (classifier and safety rules)');
  nlu
    .command('eval')
    .description(
      'per-act precision/recall/F1, macro-F1 and safety recall on the held-out set (or on a labelled file); ' +
        'safety reader recall (95% CI), false alarms, promo recall and first_other engagement on data/safety/validation.jsonl ' +
        '(and test-frozen.jsonl when present)',
    )
    .addOption(option('--file <jsonl>', 'score this labelled JSONL file ({text, act, lang, minor?} per line) with the shipped classifier', readableFile()))
    .addOption(option('--safety-file <jsonl>', 'also score this data/safety-format file ({text, lang, label} per line)', readableFile()))
    .addOption(option('--misses <n>', 'list up to n missed and falsely flagged texts per kind', integer({ min: 0 }), 0))
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean; file?: string; safetyFile?: string; misses: number }) => {
      const { runNluEval } = await import('./run-eval.js');
      const report = runNluEval({ file: opts.file, safetyFile: opts.safetyFile });
      if (opts.json) printJson(processIo, report);
      else {
        const { formatEvaluation } = await import('./evaluate.js');
        const { formatSafetyEvaluation } = await import('./safety/evaluate.js');
        const listMisses = opts.misses;
        const sets = [report.safety_sets.validation, report.safety_sets.test_frozen, report.safety_sets.file].filter((x) => x !== undefined);
        processIo.stdout.write([formatEvaluation(report), ...sets.map((s) => formatSafetyEvaluation(s, { listMisses }))].join('\n\n') + '\n');
      }
    });
}
