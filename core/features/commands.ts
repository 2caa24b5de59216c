// CLI: `data features FILE [--out F]`. The implementation loads lazily.
import type { Command } from 'commander';
import { note, printJson, processIo } from '../../lib/console.js';
import type { ObservedEventOptions } from './replay.js';

/**
 * `observe` supplies the language detector for messages whose transcript carries no `lang`
 * (the CLI passes the NLU's, the one the trainer and the runtime use), loaded only when the
 * command runs.
 */
export function registerFeatureCommands(data: Command, observe: () => Promise<ObservedEventOptions> = async () => ({})): void {
  data
    .command('features <file>')
    .description('replay a transcript (JSONL) into state features v1: the vector before each of our decisions')
    .option('--out <file>', 'write one JSON line per decision (conversation, line, ts, tactic, features by name)')
    .option('--json', 'print one JSON object')
    .action(async (file: string, opts: { out?: string; json?: boolean }) => {
      const { writeFeaturesFile } = await import('./features-file.js');
      const r = await writeFeaturesFile(file, opts.out, await observe());
      if (opts.json) return printJson(processIo, r);
      note(processIo, `${r.file}: ${r.conversations} conversations, ${r.decisions} decisions, features v${r.features.version} (${r.features.size} dims)${r.out ? ` → ${r.out}` : ''}`);
    });
}
