/**
 * The report as plain-text tables for a terminal: execution ratios per guest and mode, start-up
 * figures, geomeans, targets and failures. Pure: returns the text.
 */
import type { BenchReport, GuestReport, ModeReport } from './report.js';
import type { ModeName } from './types.js';

type Row = readonly string[];

/** A titled table with numeric-looking cells right-aligned. */
export const textTable = (title: string, header: Row, rows: readonly Row[], notes: readonly string[] = []): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string): boolean => /^[-+~]?[\d.,]+[x×%]?( ±[\d.]+%)?$/.test(s) || s === '-' || s === 'n/a';
  const line = (r: Row): string =>
    r.map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [`## ${title}`, '', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line),
    ...notes.map((n) => `  ${n}`), ''].join('\n');
};

/** Fixed-point number, '-' when missing. */
export const num = (x: number | undefined | null, digits = 2): string =>
  (x === undefined || x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits));

const ratioCell = (m: ModeReport | undefined): string => {
  if (!m) return '-';
  if (m.status === 'n/a') return 'n/a';
  if (m.status === 'failed') return `FAIL(${m.failure?.stage ?? '?'})`;
  const r = m.ratio;
  if (!r) return '-';
  return `${r.median.toFixed(2)}x${r.n > 1 ? ` ±${((r.spread * 100) / 2).toFixed(0)}%` : ''}`;
};

const execCell = (m: ModeReport | undefined): string => {
  if (!m) return '-';
  if (m.status === 'failed') return `FAIL(${m.failure?.stage ?? '?'})`;
  return num(m.execMs?.median, m.execMs && m.execMs.median < 10 ? 2 : 0);
};

const geoCell = (r: BenchReport, m: ModeName): string => {
  const g = r.geomean[m];
  if (g === null || g === undefined) return r.modeStatus[m]?.available === false ? 'n/a' : '-';
  return `${g.toFixed(3)}x`;
};

/** One note per mode and reason for guests the host engine could not run in that mode. */
const guestNaNotes = (r: BenchReport, modes: readonly ModeName[]): string[] => {
  const out: string[] = [];
  for (const m of modes) {
    if (r.modeStatus[m]?.available === false) continue;
    const byReason = new Map<string, string[]>();
    for (const g of r.guests) {
      const rep = g.modes[m];
      if (rep?.status === 'n/a') byReason.set(rep.reason ?? '', [...(byReason.get(rep.reason ?? '') ?? []), g.id]);
    }
    for (const [reason, ids] of byReason) out.push(`${m}: n/a for ${ids.length === r.guests.length ? 'every guest' : ids.join(', ')}: ${reason}`);
  }
  return out;
};

const executionTable = (r: BenchReport): string => {
  const wm = r.modes.filter((m) => m !== 'native');
  const rows: Row[] = r.guests.map((g: GuestReport) => [
    g.id, execCell(g.modes.native), ...wm.map((m) => ratioCell(g.modes[m])), String(g.measuredRounds) + (g.warmupCounted ? '*' : ''),
    g.excluded ? 'not in geomean' : '',
  ]);
  rows.push(['geomean', '', ...wm.map((m) => geoCell(r, m)), '', `${r.geomeanCount.checks ?? 0} guests`]);
  const notes = [
    'ratio = exec time of the mode / native exec time of the same round, median over the measured rounds; ± = half the (max-min)/median spread',
    'exec = between bench.start and bench.end (command guests) or the exported call (invoke guests); every measurement in a fresh process',
    `rounds = measured rounds after ${r.options.warmup} warm-up round(s); * = long guest: its first round was measured, no warm-up`,
    ...wm.filter((m) => r.modeStatus[m]?.available === false).map((m) => `${m}: n/a: ${r.modeStatus[m]?.reason ?? ''}`),
    ...guestNaNotes(r, wm),
  ];
  return textTable('Execution: Windlass vs the host engine running the guest natively', ['guest', 'native ms', ...wm, 'rounds', ''], rows, notes);
};

const startupTable = (r: BenchReport): string => {
  const rows: Row[] = r.guests.filter((g) => g.startup).map((g) => {
    const s = g.startup!;
    if (!s.ok) return [g.id, num((g.codeBytes ?? 0) / 1024, 0), `FAIL(${s.failure?.stage}): ${s.failure?.message.slice(0, 60) ?? ''}`];
    return [
      g.id, num((g.codeBytes ?? 0) / 1024, 0), num(s.coldTranslateMs, 1), num(s.warmTranslateMs, 1), num(s.warmMBps, 1),
      num(s.translatePeakKB !== undefined ? s.translatePeakKB / 1024 : undefined, 1), num(s.hostCompileMs, 1), num(s.nativeCompileMs, 1),
      num(s.instantiateMs, 1), num(s.nativeInstantiateMs, 1), `${num(s.ttfcWarmRatio, 1)}x`, `${num(g.modes.checks?.ttfcRatio?.median, 1)}x`,
      `${num(s.sizeRatio)}x`,
    ];
  });
  rows.push(['suite', '', '', '', num(r.translateMBps, 1), num(r.translatePeakKBMax !== null ? r.translatePeakKBMax / 1024 : null, 1), '', '', '', '',
    `${num(r.ttfcRatio.warm, 2)}x`, `${num(r.ttfcRatio.cold, 2)}x`, `${num(r.sizeRatio)}x`]);
  return textTable('Start-up: translation, host compile, instantiation, time to first call, size', [
    'guest', 'code KB', 'cold ms', 'warm ms', 'warm MB/s', 'peak MB', 'host cmp', 'V8 guest', 'inst ms', 'V8 inst', 'TTFC warm', 'TTFC cold', 'size',
  ], rows, [
    'cold = first translation in a fresh process (compiler JIT-cold); warm = median of the following; MB/s of the guest code section',
    'peak MB = growth of the process peak RSS during the first translation; host cmp / V8 guest = host engine compile of the host module / of the guest',
    'TTFC warm = (warm translate + host compile + instantiate) / (V8 compile + instantiate of the guest); TTFC cold = the same from the fresh-process runs',
    'size = host module bytes / guest bytes outside custom sections; suite row: aggregate MB/s, largest peak, geomeans',
  ]);
};

const targetsTable = (r: BenchReport): string => textTable('Targets', ['target', 'goal', 'measured', 'verdict'],
  r.targets.map((t) => [t.name, t.goal, t.value === null ? 'n/a' : num(t.value, t.name === 'correct output' ? 0 : 3),
    t.pass === null ? (t.note?.startsWith('n/a') ? t.note : '-') : t.pass ? 'met' : 'MISSED']),
  r.targets.filter((t) => t.note && !t.note.startsWith('n/a')).map((t) => `${t.name}: ${t.note}`));

const failuresText = (r: BenchReport): string => (r.failures.length === 0 ? 'No failures: every checked output matched.\n'
  : ['## Failures (never reported as times)', '', ...r.failures.map((f) => `- ${f.guest} [${f.mode}${f.round !== undefined ? `, round ${f.round + 1}` : ''}] ${f.stage}: ${f.message}`), ''].join('\n'));

/** All tables of the report. */
export const formatReport = (r: BenchReport): string =>
  [executionTable(r), r.guests.some((g) => g.startup) ? startupTable(r) : '', targetsTable(r), failuresText(r)].filter((s) => s !== '').join('\n');
