// CLI of the transcript commands: `data import`, `data stats`, `data validate`. Flags only;
// the work is in run.ts, stats.ts and validate.ts (loaded lazily), which tests call directly.
import type { Command } from 'commander';
import { choice, matching, number, option, readableFile } from '../../lib/flags.js';
import { FORMATS } from './formats.js';

export function registerImportCommands(data: Command): void {
  data
    .command('import')
    .description('read SMS Backup & Restore XML, Twilio message-log CSV or transcript v1 into a pseudonymised transcript v1')
    .argument('<files...>', 'export files')
    .addOption(option('--format <f>', 'auto | jsonl | csv | sms-backup | twilio-csv', choice(['auto', ...FORMATS]), 'auto'))
    .option('--out <file>', 'transcript to write (.jsonl, or .csv)', 'transcript.jsonl')
    .addOption(option('--key-file <file>', 'HMAC key for pseudonyms (else $DEALERBOT_KEY, else ./.dealerbot-key)', readableFile()))
    // the shape only: whether libphonenumber knows the region is checked by the import
    .addOption(option('--region <cc>', 'default region of numbers without a country code', matching(/^[A-Za-z]{2}$/, 'a two-letter region code (e.g. BE, NL, GB)'), 'BE'))
    .addOption(option('--gap-days <n>', 'days without events that end a conversation', number({ above: 0 }), 7))
    .option('--rejects <file>', 'where rejected rows go (default: next to --out)')
    .option('--strict', 'fail on the first rejected row instead of skipping it')
    .option('--json', 'print one JSON object on stdout')
    .action(async (files: string[], o) => {
      const { runImport } = await import('./run.js');
      const { printJson, note, processIo } = await import('../../lib/console.js');
      const { summary } = await runImport({ files, format: o.format, out: o.out, keyFile: o.keyFile, region: o.region, gapDays: o.gapDays, rejects: o.rejects, strict: o.strict });
      if (o.json) printJson(processIo, summary);
      else
        note(
          processIo,
          `imported ${summary.messages} messages and ${summary.calls} calls in ${summary.conversations} conversations with ${summary.counterparts} counterparts → ${summary.out_file}` +
            ` (skipped ${summary.skipped}, rejected ${summary.rejected}${summary.rejects_file ? ` → ${summary.rejects_file}` : ''}, duplicates ${summary.duplicates})`,
        );
    });

  data
    .command('stats')
    .description('describe a transcript: conversations, messages, calls, dealer-minutes (mean, 95% CI)')
    .argument('<file>', 'transcript v1 (.jsonl or .csv)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (file: string, o) => {
      const { runStats, formatStats } = await import('../stats.js');
      const { printJson, processIo } = await import('../../lib/console.js');
      const s = await runStats(file);
      if (o.json) printJson(processIo, s);
      else processIo.stdout.write(formatStats(s) + '\n');
    });

  data
    .command('validate')
    .description('check every line of a transcript against schema v1')
    .argument('<file>', 'transcript v1 (.jsonl or .csv)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (file: string, o) => {
      const { runValidate, formatValidationErrors } = await import('../validate.js');
      const { printJson, note, processIo } = await import('../../lib/console.js');
      const { InputError } = await import('../../lib/errors.js');
      const r = await runValidate(file);
      const lines = formatValidationErrors(r);
      for (const l of lines.slice(0, 50)) note(processIo, l);
      if (o.json) printJson(processIo, r);
      else if (r.valid) note(processIo, `${file}: ${r.events} events, all valid`);
      if (!r.valid) throw new InputError(file, undefined, `${r.errors.length} invalid line(s)`);
    });
}
