// Builds a run's report: report-data.json → report.html with every chart rendered to SVG.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../lib/errors.js';
import { learningCurveSpec, lengthDistributionSpec, opeSpec, policyComparisonSpec, tacticsByStageSpec } from './charts.js';
import { renderHtml } from './html.js';
import type { ReportData } from './report-data.js';
import { renderSvg } from './svg.js';

export async function buildReportHtml(data: ReportData): Promise<{ html: string; charts: number }> {
  const specs = [
    data.learning?.length ? { title: 'learning curve', spec: learningCurveSpec(data.learning) } : null,
    data.policies?.length ? { title: 'dealer-minutes per policy', spec: policyComparisonSpec(data.policies) } : null,
    data.lengths?.length ? { title: 'conversation lengths', spec: lengthDistributionSpec(data.lengths) } : null,
    data.tacticsByStage?.length ? { title: 'tactics by stage', spec: tacticsByStageSpec(data.tacticsByStage) } : null,
    data.ope?.length ? { title: 'off-policy evaluation', spec: opeSpec(data.ope) } : null,
  ].filter((x) => x !== null);
  const charts = [];
  for (const s of specs) charts.push({ title: s.title, svg: await renderSvg(s.spec) });
  return { html: renderHtml(data, charts), charts: charts.length };
}

export const REPORT_DATA_FILE = 'report-data.json';

/** Reads RUN/report-data.json and writes RUN/report.html (atomically). */
export async function writeRunReport(runDir: string): Promise<{ file: string; charts: number }> {
  const src = join(runDir, REPORT_DATA_FILE);
  let data: ReportData;
  try {
    data = JSON.parse(await readFile(src, 'utf8')) as ReportData;
  } catch (e) {
    throw new InputError(src, undefined, e instanceof SyntaxError ? `not valid JSON: ${e.message}` : 'cannot read report data (is this a run folder?)');
  }
  const { html, charts } = await buildReportHtml(data);
  const file = join(runDir, 'report.html');
  await writeFile(file + '.tmp', html);
  await rename(file + '.tmp', file);
  return { file, charts };
}
