/**
 * The self-contained HTML report (inline CSS and SVG, the report JSON embedded, no scripts
 * required, no server): summary and targets, per-guest ratio bars with geomean lines, phase
 * breakdown, start-up and size charts, and the full tables. A pure function of the reports.
 */
import { formatReport } from './format-table.js';
import type { BenchReport, GuestReport } from './report.js';
import { barChart, esc, stackedChart } from './svg-charts.js';
import type { ModeName } from './types.js';

const MODE_COLORS: Record<ModeName, string> = {
  native: '#8a8f98', checks: '#2f6fd6', 'checks+fuel': '#e0792b', 'checks+epoch': '#2e9e5b', nochecks: '#8e5cc7',
};
const PHASE_COLORS = { translate: '#b04ac2', compile: '#e6b422', instantiate: '#5cb8b2', exec: '#2f6fd6' } as const;

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:1100px;color:#1d2430;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
.meta{color:#5b6575;font-size:12.5px}table{border-collapse:collapse;font-size:12.5px;margin:6px 0}
td,th{padding:3px 8px;border-bottom:1px solid #edf0f4;text-align:right;white-space:nowrap}th{background:#f5f7fa}
td:first-child,th:first-child,td.l,th.l{text-align:left}.met{color:#1c7c3c;font-weight:600}.missed{color:#c0392b;font-weight:600}
.fail{color:#c0392b}.muted{fill:#9aa3b0;color:#9aa3b0}pre{background:#f5f7fa;padding:10px;overflow:auto;font-size:11.5px}
.chart{max-width:100%;height:auto;font:11px system-ui,sans-serif}.chart .cat{text-anchor:end;fill:#1d2430}.chart .cat.muted{fill:#9aa3b0}
.chart .tick{text-anchor:middle;fill:#5b6575}.chart .grid{stroke:#e6e9ef}.chart .band{fill:#f7f9fc}.chart .val{fill:#3b4452;font-size:9.5px}
.chart .na{fill:#9aa3b0;font-size:9.5px}.chart .axis{fill:#5b6575}.chart .lg{fill:#1d2430}.chart .sub{text-anchor:end;fill:#5b6575;font-size:9.5px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}.card{border:1px solid #dde2ea;border-radius:6px;padding:8px 12px;min-width:150px}
.card b{display:block;font-size:20px}.card span{color:#5b6575;font-size:12px}details{margin:8px 0}`;

const x = (v: number | null | undefined, d = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));

const cards = (r: BenchReport): string => {
  const items: [string, string][] = r.modes.filter((m) => m !== 'native').map((m) => [
    r.geomean[m] === null || r.geomean[m] === undefined ? 'n/a' : `${x(r.geomean[m], 3)}×`,
    `geomean ${m} / native${r.modeStatus[m]?.available === false ? ` (${r.modeStatus[m]?.reason ?? ''})` : ''}`]);
  items.push([`${x(r.translateMBps, 1)} MB/s`, `translation, warm (cold ${x(r.translateColdMBps, 1)})`]);
  items.push([`${x(r.ttfcRatio.warm)}×`, `time to first call, warm (fresh process ${x(r.ttfcRatio.cold)}×)`]);
  items.push([`${x(r.sizeRatio)}×`, 'host module / guest size']);
  items.push([String(r.failures.length), 'failures']);
  return `<div class="cards">${items.map(([v, l]) => `<div class="card"><b>${esc(v)}</b><span>${esc(l)}</span></div>`).join('')}</div>`;
};

const targetsTable = (r: BenchReport): string => `<table><tr><th>target</th><th class="l">goal</th><th>measured</th><th class="l">verdict</th></tr>${
  r.targets.map((t) => `<tr><td>${esc(t.name)}</td><td class="l">${esc(t.goal)}</td><td>${t.value === null ? 'n/a' : x(t.value, t.name === 'correct output' ? 0 : 3)}</td><td class="l ${t.pass === null ? '' : t.pass ? 'met' : 'missed'}">${
    t.pass === null ? esc(t.note ?? '-') : t.pass ? 'met' : 'missed'}</td></tr>`).join('')}</table>`;

const ratioChart = (r: BenchReport): string => {
  const wm = r.modes.filter((m) => m !== 'native' && r.modeStatus[m]?.available !== false);
  if (wm.length === 0) return '<p>No Windlass mode ran.</p>';
  const refLines = [
    { value: 1, label: '1.0 = native', color: '#1d2430' },
    ...wm.filter((m) => r.geomean[m] !== null && r.geomean[m] !== undefined)
      .map((m) => ({ value: r.geomean[m]!, label: `geomean ${m} ${x(r.geomean[m], 3)}×`, color: MODE_COLORS[m], dash: '5 3' })),
    { value: 1.15, label: 'target checks 1.15×', color: '#9aa3b0', dash: '2 2' },
    { value: 1.35, label: 'target checks+fuel 1.35×', color: '#c9ced6', dash: '2 2' },
  ];
  return barChart({
    categories: r.guests.map((g) => g.id),
    series: wm.map((m) => ({ name: m, color: MODE_COLORS[m], values: r.guests.map((g) => g.modes[m]?.ratio?.median) })),
    scale: 'log', refLines, format: (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)}×`,
    axis: 'execution time / native (same round), log scale; grey names are not in the geomean',
    muted: new Set(r.guests.filter((g) => g.excluded).map((g) => g.id)),
  });
};

const phaseChart = (r: BenchReport): string => {
  const mode: ModeName | undefined = r.modes.includes('checks') ? 'checks' : r.modes.find((m) => m !== 'native');
  const ok = r.guests.filter((g) => g.modes.native?.status === 'ok' && mode && g.modes[mode]?.status === 'ok');
  if (!mode || ok.length === 0) return '<p>No phase data.</p>';
  const seg = (g: GuestReport, m: ModeName) => {
    const mr = g.modes[m]!;
    return [
      { name: 'translate', color: PHASE_COLORS.translate, value: mr.translateMs?.median ?? 0 },
      { name: 'host compile', color: PHASE_COLORS.compile, value: mr.compileMs?.median ?? 0 },
      { name: 'instantiate', color: PHASE_COLORS.instantiate, value: mr.instantiateMs?.median ?? 0 },
      { name: 'execute', color: PHASE_COLORS.exec, value: mr.execMs?.median ?? 0 },
    ];
  };
  return stackedChart(ok.map((g) => ({ name: g.id, bars: [{ label: 'native', segments: seg(g, 'native') }, { label: mode, segments: seg(g, mode) }] })),
    [{ name: 'translate', color: PHASE_COLORS.translate }, { name: 'host compile', color: PHASE_COLORS.compile },
      { name: 'instantiate', color: PHASE_COLORS.instantiate }, { name: 'execute', color: PHASE_COLORS.exec }], 'ms');
};

const startupCharts = (r: BenchReport): string => {
  const gs = r.guests.filter((g) => g.startup?.ok);
  if (gs.length === 0) return '<p>No start-up measurement.</p>';
  const cats = gs.map((g) => g.id);
  const ttfc = barChart({
    categories: cats,
    series: [
      { name: 'TTFC warm compiler', color: '#2f6fd6', values: gs.map((g) => g.startup?.ttfcWarmRatio) },
      { name: 'TTFC fresh process', color: '#9fbdf0', values: gs.map((g) => g.modes.checks?.ttfcRatio?.median) },
    ],
    scale: 'log', format: (v) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)}×`,
    refLines: [{ value: 2, label: 'target 2×', color: '#c0392b', dash: '4 3' }, { value: 1, label: '1.0', color: '#1d2430' }],
    axis: '(translate + host compile + instantiate) / (host engine compile + instantiate of the guest), log scale',
  });
  const mbps = barChart({
    categories: cats,
    series: [
      { name: 'warm', color: '#b04ac2', values: gs.map((g) => g.startup?.warmMBps) },
      { name: 'cold (first in process)', color: '#dcb3e4', values: gs.map((g) => g.startup?.coldMBps) },
    ],
    scale: 'log', format: (v) => (v < 10 ? v.toFixed(1) : v.toFixed(0)),
    refLines: [{ value: 40, label: 'target 40 MB/s', color: '#c0392b', dash: '4 3' }],
    axis: 'translation throughput, MB/s of guest code section, log scale',
  });
  const size = barChart({
    categories: cats,
    series: [{ name: 'host / guest outside custom sections', color: '#5cb8b2', values: gs.map((g) => g.startup?.sizeRatio) },
      { name: 'host / whole guest file', color: '#b5e0dd', values: gs.map((g) => g.startup?.sizeRatioWholeFile) }],
    scale: 'linear', format: (v) => `${v.toFixed(2)}×`,
    refLines: [{ value: 2, label: 'target 2×', color: '#c0392b', dash: '4 3' }],
    axis: 'host module size / guest size',
  });
  return `<h3>Time to first call</h3>${ttfc}<h3>Translation throughput</h3>${mbps}<h3>Output size</h3>${size}`;
};

const failures = (r: BenchReport): string => (r.failures.length === 0 ? '<p>None: every checked output matched its expected file.</p>'
  : `<ul>${r.failures.map((f) => `<li class="fail"><b>${esc(f.guest)}</b> [${esc(f.mode)}${f.round !== undefined ? `, round ${f.round + 1}` : ''}] ${esc(f.stage)}: ${esc(f.message)}</li>`).join('')}</ul>`);

const metaTable = (r: BenchReport): string => `<table>${Object.entries(r.meta).filter(([, v]) => v !== undefined)
  .map(([k, v]) => `<tr><td>${esc(k)}</td><td style="text-align:left">${esc(String(v))}</td></tr>`).join('')}
  <tr><td>options</td><td style="text-align:left">${esc(JSON.stringify(r.options))}</td></tr>
  <tr><td>wall time</td><td style="text-align:left">${x(r.wallMs / 60000, 1)} min</td></tr></table>`;

const section = (r: BenchReport): string => `<section>
<h1>Windlass bench — ${esc(String(r.meta['engine'] ?? ''))}</h1>
<div class="meta">${esc(r.date)} · commit ${esc(String(r.meta['commit'] ?? '?'))} · ${r.guests.length} guests · modes ${esc(r.modes.join(', '))}</div>
${cards(r)}
<h2>Targets</h2>${targetsTable(r)}
<h2>Execution time relative to native, per guest</h2>${ratioChart(r)}
<h2>Phase breakdown (median ms per phase, native vs Windlass, fresh process)</h2>${phaseChart(r)}
<h2>Start-up and size</h2>${startupCharts(r)}
<h2>Failures</h2>${failures(r)}
<h2>Tables</h2><pre>${esc(formatReport(r))}</pre>
${r.notes.length ? `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<details><summary>Run details</summary>${metaTable(r)}</details>
</section>`;

/** The HTML report of one or more engines' reports (the first is the primary one). */
export const renderHtml = (reports: readonly BenchReport[]): string => {
  const data = JSON.stringify(reports.length === 1 ? reports[0] : reports).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Windlass bench ${esc(reports[0]?.date ?? '')}</title><style>${CSS}</style></head>
<body>${reports.map(section).join('<hr>')}
<script type="application/json" id="windlass-bench-data">${data}</script>
</body></html>
`;
};
