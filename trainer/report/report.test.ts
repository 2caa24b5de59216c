import { describe, expect, it } from 'vitest';
import { buildReportHtml } from './report.js';
import type { ReportData } from './report-data.js';

const data: ReportData = {
  title: 'test <run>',
  created: '2026-11-28T00:00:00.000Z',
  summary: { policy: 'cql', 'dealer-minutes': '31.2 [29.8, 32.6]' },
  learning: [
    { step: 0, value: 10, lo: 9, hi: 11 },
    { step: 100, value: 20, lo: 18, hi: 22 },
  ],
  policies: [
    { policy: 'random', value: 8, lo: 7, hi: 9 },
    { policy: 'learned', value: 30, lo: 28, hi: 32 },
  ],
  lengths: [
    { policy: 'random', messages: 3 },
    { policy: 'learned', messages: 12 },
  ],
  tacticsByStage: [{ stage: 'opening', tactic: 'ask_menu', count: 5 }],
  ope: [{ estimator: 'wdr', value: 29, lo: 25, hi: 33, kind: 'estimate' }],
  conversations: [
    {
      title: 'example',
      events: [
        { ts: '2026-10-03T21:00:00.000Z', direction: 'in', kind: 'sms', text: 'Topkwaliteit <script>alert(1)</script>', act: 'promo' },
        { ts: '2026-10-03T21:03:00.000Z', direction: 'out', kind: 'sms', text: 'wa hebde?', tactic: 'ask_menu' },
        { ts: '2026-10-03T23:00:00.000Z', direction: 'in', kind: 'meeting', text: '' },
      ],
    },
  ],
};

describe('report', () => {
  it('renders every chart to inline SVG and escapes conversation text', async () => {
    const { html, charts } = await buildReportHtml(data);
    expect(charts).toBe(5);
    expect(html.match(/<svg/g)?.length).toBe(5);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('test &lt;run&gt;');
    // self-contained: no external resources
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('leaves out charts it has no data for', async () => {
    const { charts, html } = await buildReportHtml({ title: 't', created: 'now', summary: {} });
    expect(charts).toBe(0);
    expect(html).toContain('No chart data');
  });
});
