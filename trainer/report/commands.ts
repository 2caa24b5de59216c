// `dealerbot report RUN`: redraws runs/<id>/report.html from the run's report-data.json.
import type { Command } from 'commander';
import { printJson, processIo, note } from '../../lib/console.js';

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('write RUN/report.html (self-contained charts and example conversations) from RUN/report-data.json')
    .argument('<run>', 'a run folder, e.g. runs/ppo-seed1-…')
    .option('--json', 'print {file, charts} as JSON')
    .action(async (run: string, o: { json?: boolean }) => {
      const { writeRunReport } = await import('./report.js');
      const r = await writeRunReport(run);
      if (o.json) printJson(processIo, r);
      else note(processIo, `report: ${r.file} (${r.charts} charts)`);
    });
}
