// Registers the runtime commands on the CLI. Keep this file light: each command's action imports its
// implementation lazily, so that `dealerbot serve` never loads trainer code and start-up stays fast.
import type { Command } from 'commander';
import { printJson, processIo } from '../lib/console.js';
import { choice, integer, option, port, positiveNumber, readableFile } from '../lib/flags.js';
import { LANGS } from '../core/lang.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerRuntimeCommands(program: Command): void {
  program
    .command('serve')
    .description('run the live bot: SMS webhooks in, replies out under the hard safety rules')
    .requiredOption('--model <dir>', 'policy bundle folder')
    .requiredOption('--db <file>', 'SQLite database file (created if missing)')
    .addOption(option('--port <port>', 'HTTP port (0: any free port)', port({ free: true }), 8080))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(option('--config <file>', 'JSON configuration (see runtime/README.md)', readableFile()))
    // no default here: without the flag the config file's mode holds (itself "review" by default)
    .addOption(option('--mode <mode>', 'review (default: replies wait for a person) or auto (replies are sent)', choice(['review', 'auto'] as const)))
    .option('--dry-run <file>', 'write replies to this JSONL file instead of a gateway')
    .addOption(option('--time-scale <x>', 'run the clock x times faster (tests, simulations)', positiveNumber()))
    .option('--allow <number>', 'engage this number whatever its first message (repeatable)', collect)
    .addOption(option('--seed <n>', 'seed every draw (persona, tactics, delays): the same dealers on a fresh --db get the same run (tests, simulations)', integer({ min: 0 })))
    .action(async (o) => {
      const { serveCommand } = await import('./serve/serve-command.js');
      await serveCommand(o);
    });

  program
    .command('chat')
    .description('play the dealer in the terminal against the bot (fast clock; a line "/wait MINUTES" lets time pass, e.g. until a meeting)')
    .requiredOption('--model <dir>', 'policy bundle folder')
    .addOption(option('--lang <lang>', 'the language the bot answers in: nl, en, or auto (the language you write in)', choice([...LANGS, 'auto']), 'auto'))
    .option('--explain', 'show the act read, tactic probabilities and masked tactics')
    .addOption(option('--seed <n>', 'random seed (also fixes the persona; without it each chat meets another one)', integer({ min: 0 })))
    .action(async (o) => {
      const { chatCommand } = await import('./operator/chat.js');
      await chatCommand(o);
    });

  const review = program.command('review').description('the review queue: replies waiting for a human yes/no');
  review
    .command('list')
    .requiredOption('--db <file>', 'SQLite database file')
    .option('--json', 'print JSON')
    .action(async (o) => {
      const { reviewList } = await import('./operator/operator-commands.js');
      reviewList(o);
    });
  for (const verb of ['approve', 'reject'] as const)
    review
      .command(`${verb} <id>`)
      .requiredOption('--db <file>', 'SQLite database file')
      .action(async (id: string, o) => {
        const { reviewDecide } = await import('./operator/operator-commands.js');
        reviewDecide(verb, id, o);
      });
  review
    .command('edit <id> <text>')
    .description('replace the text of a queued reply and approve it')
    .requiredOption('--db <file>', 'SQLite database file')
    .action(async (id: string, text: string, o) => {
      const { reviewEdit } = await import('./operator/operator-commands.js');
      reviewEdit(id, text, o);
    });

  program
    .command('status')
    .description('active conversations, queue, last errors, alerts')
    .requiredOption('--db <file>', 'SQLite database file')
    .option('--json', 'print JSON')
    .action(async (o) => {
      const { statusCommand } = await import('./operator/operator-commands.js');
      statusCommand(o);
    });

  program
    .command('kill <on|off>')
    .description('kill switch: "on" stops all sending at once (also while serve runs)')
    .requiredOption('--db <file>', 'SQLite database file')
    .action(async (state: string, o) => {
      const { killCommand } = await import('./operator/operator-commands.js');
      killCommand(state, o);
    });

  program
    .command('export')
    .description('runtime log → transcript v1 JSONL (numbers pseudonymised)')
    .requiredOption('--db <file>', 'SQLite database file')
    .requiredOption('--out <file>', 'output JSONL file')
    .addOption(option('--key-file <file>', 'pseudonymisation key (default: $DEALERBOT_KEY)', readableFile()))
    .option('--json', 'print JSON')
    .action(async (o) => {
      const { exportCommand } = await import('./operator/operator-commands.js');
      const r = await exportCommand(o);
      if (o.json) printJson(processIo, r);
      else processIo.stderr.write(`exported ${r.messages} messages, ${r.calls} calls and ${r.meetings} meetings in ${r.conversations} conversations to ${r.out_file}\n`);
    });
}
