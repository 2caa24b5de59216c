// Vega-Lite specs for each chart of a report. Pure data → spec; rendering lives in svg.ts.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from './report-data.js';

const WIDTH = 560;

export function learningCurveSpec(rows: NonNullable<ReportData['learning']>): TopLevelSpec {
  const band = rows.some((r) => r.lo !== undefined);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Learning curve: evaluation dealer-minutes per conversation',
    width: WIDTH,
    height: 240,
    data: { values: rows },
    layer: [
      ...(band
        ? [{ mark: { type: 'area' as const, opacity: 0.25 }, encoding: { x: { field: 'step', type: 'quantitative' as const }, y: { field: 'lo', type: 'quantitative' as const }, y2: { field: 'hi' } } }]
        : []),
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'step', type: 'quantitative', title: 'training step' },
          y: { field: 'value', type: 'quantitative', title: 'dealer-minutes', scale: { zero: false } },
        },
      },
    ],
  } as TopLevelSpec;
}

export function policyComparisonSpec(rows: NonNullable<ReportData['policies']>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Dealer-minutes per conversation (mean, 95% CI)',
    width: WIDTH,
    height: Math.max(120, rows.length * 32),
    data: { values: rows },
    encoding: { y: { field: 'policy', type: 'nominal', sort: '-x', title: null } },
    layer: [
      { mark: { type: 'bar', opacity: 0.7 }, encoding: { x: { field: 'value', type: 'quantitative', title: 'dealer-minutes' } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
  } as TopLevelSpec;
}

export function lengthDistributionSpec(rows: NonNullable<ReportData['lengths']>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Conversation length (dealer messages)',
    width: WIDTH,
    height: 220,
    data: { values: rows },
    mark: { type: 'bar', opacity: 0.6 },
    encoding: {
      x: { field: 'messages', type: 'quantitative', bin: { maxbins: 30 }, title: 'dealer messages per conversation' },
      y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'conversations' },
      color: { field: 'policy', type: 'nominal' },
    },
  } as TopLevelSpec;
}

export function tacticsByStageSpec(rows: NonNullable<ReportData['tacticsByStage']>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Tactic usage by deal stage',
    width: WIDTH,
    height: 320,
    data: { values: rows },
    mark: 'rect',
    encoding: {
      x: { field: 'stage', type: 'nominal', title: 'deal stage' },
      y: { field: 'tactic', type: 'nominal', title: null },
      color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } },
      tooltip: [{ field: 'stage' }, { field: 'tactic' }, { field: 'count' }],
    },
  } as TopLevelSpec;
}

export function opeSpec(rows: NonNullable<ReportData['ope']>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Off-policy estimates beside the simulator truth (95% CI)',
    width: WIDTH,
    height: Math.max(120, rows.length * 28),
    data: { values: rows },
    encoding: {
      y: { field: 'estimator', type: 'nominal', sort: null, title: null },
      color: { field: 'kind', type: 'nominal', title: null },
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lo', type: 'quantitative', title: 'dealer-minutes' }, x2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true, size: 70 }, encoding: { x: { field: 'value', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
