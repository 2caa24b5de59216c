// CLI registration of the dialogue commands; implementations are imported lazily on use.
import type { Command } from 'commander';
import { printJson, processIo } from '../lib/console.js';
import { choice, option, readableFile } from '../lib/flags.js';
import { LANGS, type Lang } from '../core/lang.js';

export function registerDialogueCommands(program: Command): void {
  const dialogue = program.command('dialogue').description('reading dealer messages: slots (products, prices, times, places, …)');
  dialogue
    .command('eval')
    .description('per-slot precision/recall of the reader on the dev file (with its misses) and the held-out file (figures only), or on one labelled file')
    .addOption(option('--file <jsonl>', 'score this labelled JSONL file ({id, text, lang, expect} per line)', readableFile()))
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean; file?: string }) => {
      const { runDialogueEval } = await import('./run-eval.js');
      const report = runDialogueEval({ file: opts.file });
      if (opts.json) {
        printJson(processIo, report);
        return;
      }
      const { formatEvaluation, formatMisses } = await import('./evaluate.js');
      const parts: string[] = [];
      for (const title of ['dev', 'heldout', 'file'] as const) {
        const section = report[title];
        if (!section) continue;
        parts.push(formatEvaluation(`${title} (${section.file})`, section));
        if (!section.held_out && section.misses?.length) parts.push(`misses:\n${formatMisses(section.misses)}`);
      }
      if (report.heldout_missing) parts.push(`heldout: ${report.heldout_missing}`);
      processIo.stdout.write(parts.join('\n\n') + '\n');
    });
  dialogue
    .command('read')
    .description('read dealer messages: stdin lines → one JSON reading per line')
    .addOption(option('--lang <nl|en>', 'read every line in this language (default: detected per message)', choice(LANGS)))
    .action(async (opts: { lang?: Lang }) => {
      const { readStream } = await import('./read-stream.js');
      await readStream(process.stdin, process.stdout, opts.lang);
    });
}
