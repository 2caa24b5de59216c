// One self-contained HTML file: inline SVG charts, inline CSS, no scripts, no network at view
// time, so a report can be mailed or archived and still open years later.
import type { ReportData } from './report-data.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table.summary{border-collapse:collapse} table.summary td{padding:.2em .8em;border-bottom:1px solid #eee}
table.summary td:first-child{color:#555}
figure.chart{margin:1em 0} figure.chart svg{max-width:100%;height:auto}
.convo{border:1px solid #ddd;border-radius:8px;padding:.8em;margin:1em 0;background:#fafafa}
.convo h3{margin:0 0 .5em;font-size:1em}
.msg{max-width:70%;padding:.4em .7em;border-radius:12px;margin:.25em 0;clear:both}
.msg.in{background:#e4e6eb;float:left} .msg.out{background:#0b93f6;color:#fff;float:right}
.msg.event{background:none;color:#777;font-style:italic;float:none;text-align:center;max-width:100%}
.meta{display:block;font-size:.75em;opacity:.75}
.clear{clear:both}
`;

function bubble(e: NonNullable<ReportData['conversations']>[number]['events'][number]): string {
  const time = e.ts.slice(5, 16).replace('T', ' ');
  if (e.kind === 'sms' || e.kind === 'mms') {
    const label = e.direction === 'in' ? (e.act ?? '') : (e.tactic ?? '');
    return `<div class="msg ${e.direction}">${escapeHtml(e.text)}<span class="meta">${escapeHtml(time)}${label ? ' · ' + escapeHtml(label) : ''}</span></div>`;
  }
  const what =
    e.kind === 'call'
      ? `📞 dealer call, ${Math.round(e.duration_s ?? 0)} s`
      : e.kind === 'meeting'
        ? '📍 dealer went to the meeting — nobody came'
        : `⏸ bot stays silent (${escapeHtml(e.tactic ?? 'wait')})`;
  return `<div class="msg event">${what} <span class="meta">${escapeHtml(time)}</span></div>`;
}

/** Numbers as people read them: integers as they are, others to 2 decimals. */
function formatValue(v: string | number): string {
  return typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v);
}

export function renderHtml(data: ReportData, charts: { title: string; svg: string }[]): string {
  const rows = Object.entries(data.summary)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(formatValue(v))}</td></tr>`)
    .join('');
  const figures = charts.map((c) => `<figure class="chart" data-chart="${escapeHtml(c.title)}">${c.svg}</figure>`).join('\n');
  const convos = (data.conversations ?? [])
    .map((c) => `<div class="convo"><h3>${escapeHtml(c.title)}</h3>${c.events.map(bubble).join('')}<div class="clear"></div></div>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(data.title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p>Generated ${escapeHtml(data.created)} by dealerbot. Dealer-minutes: the time a dealer spends on the bot (DESIGN.md).</p>
<table class="summary">${rows}</table>
<h2>Charts</h2>
${figures || '<p>No chart data in this run.</p>'}
${convos ? `<h2>Example conversations</h2>\n${convos}` : ''}
</body></html>
`;
}
