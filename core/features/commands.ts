// CLI: `data features FILE [--out F]`. The implementation loads lazily.
import type { Command } from 'commander';
import { note, printJson, processIo } from '../../lib/console.js';

export function registerFeatureCommands(data: Command): void {
  data
    .command('features <file>')
    .description('replay a transcript (JSONL) into state features v1 and fit their normaliser')
    .option('--out <file>', 'write the normaliser JSON here (for a policy bundle)')
    .option('--json', 'print one JSON object')
    .action(async (file: string, opts: { out?: string; json?: boolean }) => {
      const { fitNormalizerFromFile } = await import('./fit-file.js');
      const r = fitNormalizerFromFile(file, opts.out);
      const { normalizer: _, ...summary } = r;
      if (opts.json) return printJson(processIo, summary);
      note(processIo, `${r.file}: ${r.conversations} conversations, ${r.decisions} decisions, features v${r.features.version} (${r.features.size} dims)${r.out ? `, normaliser → ${r.out}` : ''}`);
    });
}
