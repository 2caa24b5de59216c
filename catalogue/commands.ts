// CLI: `data catalogue [FILE]` and `data render TACTIC...`. Implementations load lazily.
import type { Command } from 'commander';
import { note, printJson, processIo } from '../lib/console.js';
import { choice, integer, option } from '../lib/flags.js';
import { LANGS } from '../core/lang.js';

export function registerCatalogueCommands(data: Command): void {
  data
    .command('catalogue [file]')
    .description('validate a tactic catalogue (default: the shipped one) and count its variants')
    .option('--json', 'print one JSON object')
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      const { summarizeCatalogue } = await import('./summary.js');
      const s = summarizeCatalogue(file);
      if (opts.json) return printJson(processIo, s);
      note(processIo, `${s.file}: ok, ${s.tactics} tactics, ${s.templates} templates, ${s.languages.join('/')}, at least ${s.min_variants} variants per tactic and language`);
    });

  data
    .command('render <tactics...>')
    .description('render tactics in one conversation (preview the persona, places and style)')
    .addOption(option('--lang <lang>', 'nl or en', choice(LANGS), 'nl'))
    .addOption(option('--seed <n>', 'seed of the conversation', integer({ min: 0 }), 1))
    .option('--places <list>', 'comma-separated busy public places (default: the catalogue\'s)')
    .option('--json', 'print one JSON object')
    .action(async (tactics: string[], opts: { lang: string; seed: number; places?: string; json?: boolean }) => {
      const { renderPreview } = await import('./preview.js');
      const places = opts.places?.split(',').map((p) => p.trim()).filter(Boolean);
      const p = renderPreview({ tactics, lang: opts.lang, seed: opts.seed, ...(places ? { places } : {}) });
      if (opts.json) return printJson(processIo, p);
      note(processIo, `persona: ${p.persona.name}, ${p.persona.story}, meets ${p.persona.place}`);
      for (const r of p.replies) processIo.stdout.write(`${r.tactic.padEnd(17)} +${String(r.delay_min).padStart(5)} min  ${r.text ?? '(nothing sent)'}\n`);
    });
}
