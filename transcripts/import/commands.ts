// CLI of the transcript commands: `data import`, `data stats`, `data validate`. Flags only;
// the work is in run.ts, stats.ts and validate.ts (loaded lazily), which tests call directly.
import type { Command } from 'commander';
import { choice, matching, number, option, readableFile, type ValueParser } from '../../lib/flags.js';
import { UsageError } from '../../lib/errors.js';
import { FORMATS } from './formats.js';

const DATE_ORDERS = ['auto', 'dmy', 'mdy', 'ymd'] as const;

/** An IANA time zone Node knows (Europe/Brussels, UTC). */
const timeZone = (): ValueParser<string> => ({
  bad: ['', 'Mars/Olympus', '+02:00'],
  parse(flag, text) {
    try {
      if (text.trim() && !text.includes(':')) return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone && text;
    } catch {
      /* refused below */
    }
    throw new UsageError(`${flag} must be an IANA time zone (e.g. Europe/Brussels, UTC), got "${text}"`);
  },
});

export function registerImportCommands(data: Command): void {
  data
    .command('import')
    .description(
      'read SMS Backup & Restore XML, Twilio message-log CSV, WhatsApp "Export chat" (.txt or .zip), imessage-exporter txt, Telegram Desktop result.json or transcript v1 (any of them gzipped) into a pseudonymised transcript v1',
    )
    .argument('<files...>', 'export files')
    .addOption(option('--format <f>', `auto | ${FORMATS.join(' | ')}`, choice(['auto', ...FORMATS]), 'auto'))
    .option('--out <file>', 'transcript to write (.jsonl, or .csv)', 'transcript.jsonl')
    .addOption(option('--key-file <file>', 'HMAC key for pseudonyms (else $DEALERBOT_KEY, else ./.dealerbot-key)', readableFile()))
    // the shape only: whether libphonenumber knows the region is checked by the import
    .addOption(
      option(
        '--region <cc>',
        'region of numbers without a country code (default: BE, or the region most of them fit when they do not fit BE)',
        matching(/^[A-Za-z]{2}$/, 'a two-letter region code (e.g. BE, NL, GB)'),
      ),
    )
    .addOption(option('--me <name>', 'chat exports: the participant who is the bot, as the export names it (imessage-exporter: "Me" unless given; a Telegram personal chat: whoever is not the chat)', matching(/\S/, 'a participant name', ['', '  '])))
    .addOption(option('--date-order <o>', 'WhatsApp: order of day and month in dates: auto (from the data) | dmy | mdy | ymd', choice(DATE_ORDERS), 'auto'))
    .addOption(option('--tz <zone>', 'chat exports: the time zone of their clock (IANA name)', timeZone(), 'Europe/Brussels'))
    .option('--groups', 'keep group chats and group MMS as conversations of the group (else skipped and counted)')
    .addOption(option('--gap-days <n>', 'days without events that end a conversation', number({ above: 0 }), 7))
    .option('--rejects <file>', 'where rejected rows go (default: next to --out)')
    .option('--strict', 'fail on the first rejected row instead of skipping it')
    .option('--json', 'print one JSON object on stdout')
    .action(async (files: string[], o) => {
      const { runImport } = await import('./run.js');
      const { printJson, note, processIo } = await import('../../lib/console.js');
      const { summary } = await runImport({
        files,
        format: o.format,
        out: o.out,
        keyFile: o.keyFile,
        region: o.region,
        gapDays: o.gapDays,
        rejects: o.rejects,
        strict: o.strict,
        me: o.me,
        dateOrder: o.dateOrder,
        tz: o.tz,
        groups: o.groups ?? false,
      });
      const by = Object.entries(summary.skipped_by)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      if (o.json) printJson(processIo, summary);
      else
        note(
          processIo,
          `imported ${summary.messages} messages and ${summary.calls} calls in ${summary.conversations} conversations with ${summary.counterparts} counterparts → ${summary.out_file}` +
            (summary.meetings_inferred ? `, ${summary.meetings_inferred} meetings inferred` : '') +
            ` (skipped ${summary.skipped}${by ? `: ${by}` : ''}, rejected ${summary.rejected}${summary.rejects_file ? ` → ${summary.rejects_file}` : ''}, duplicates ${summary.duplicates})`,
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
