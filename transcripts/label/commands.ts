// CLI: `data label F --out F2`. The implementation loads lazily (it reads the NLU model).
import type { Command } from 'commander';
import { note, printJson, processIo } from '../../lib/console.js';
import { option, probability } from '../../lib/flags.js';

export function registerLabelCommands(data: Command): void {
  data
    .command('label <file>')
    .description('fill act (incoming) and tactic (human-written outgoing SMS) with confidences; existing labels are kept')
    .requiredOption('--out <file>', 'labelled transcript to write (CSV if it ends in .csv, else JSONL)')
    .addOption(option('--min-confidence <x>', 'leave a label empty below this confidence (sets both thresholds below)', probability()))
    .addOption(option('--min-act-confidence <x>', 'threshold for acts (classifier probability; default 0.2)', probability()))
    .addOption(option('--min-tactic-confidence <x>', 'threshold for tactics (template similarity; default 0.35)', probability()))
    .option('--json', 'print one JSON object')
    .action(async (file: string, opts: { out: string; minConfidence?: number; minActConfidence?: number; minTacticConfidence?: number; json?: boolean }) => {
      const { runLabel } = await import('./run.js');
      const r = await runLabel({ file, out: opts.out, minConfidence: opts.minConfidence, minActConfidence: opts.minActConfidence, minTacticConfidence: opts.minTacticConfidence });
      if (opts.json) return printJson(processIo, r);
      note(
        processIo,
        `${r.out_file}: ${r.in_labelled} acts and ${r.out_labelled} tactics filled, ${r.left_empty} left empty ` +
          `(${r.left_empty_detail.in_low_confidence} acts and ${r.left_empty_detail.out_low_confidence} tactics under ` +
          `${r.min_confidence.act}/${r.min_confidence.tactic}, ${r.left_empty_detail.no_text} without text), ${r.already_labelled} already labelled`,
      );
    });
}
