/**
 * Inline SVG charts for the HTML report (no scripts, no external resources): grouped horizontal
 * bars on a linear or log scale with reference lines, and normalized stacked bars. Pure functions.
 */

/** Escapes text for HTML/SVG content and attribute values. */
export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One series of a grouped bar chart: a value per category. */
export interface BarSeries {
  readonly name: string;
  readonly color: string;
  readonly values: readonly (number | undefined)[];
}

/** A vertical reference line (e.g. 1.0, a geomean, a target). */
export interface RefLine {
  readonly value: number;
  readonly label: string;
  readonly color: string;
  readonly dash?: string;
}

/** Options of `barChart`. */
export interface BarChartOptions {
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  readonly scale: 'linear' | 'log';
  readonly refLines?: readonly RefLine[];
  readonly format: (v: number) => string;
  /** Axis title under the chart. */
  readonly axis: string;
  /** Categories whose label is drawn muted (e.g. not in the geomean). */
  readonly muted?: ReadonlySet<string>;
}

const LABEL_W = 190;
const PLOT_W = 560;
const VALUE_W = 70;
const BAR_H = 9;

const niceTicks = (lo: number, hi: number, log: boolean): number[] => {
  if (log) {
    const cands = [0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 50, 100, 200, 500, 1000];
    const inside = cands.filter((t) => t >= lo && t <= hi);
    return inside.length > 9 ? inside.filter((_, i) => i % 2 === 0) : inside;
  }
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / 5));
  const mult = [1, 2, 5, 10].find((m) => span / (step * m) <= 6) ?? 10;
  const s = step * mult;
  const out: number[] = [];
  for (let t = Math.ceil(lo / s) * s; t <= hi + 1e-9; t += s) out.push(Number(t.toPrecision(6)));
  return out;
};

/** A grouped horizontal bar chart as an `<svg>` element string. */
export const barChart = (o: BarChartOptions): string => {
  const vals = o.series.flatMap((s) => s.values).filter((v): v is number => v !== undefined && Number.isFinite(v) && (o.scale === 'linear' || v > 0));
  const refs = o.refLines ?? [];
  const all = [...vals, ...refs.map((r) => r.value)];
  const log = o.scale === 'log';
  let lo = log ? Math.min(...all, 1) * 0.9 : Math.min(0, ...all);
  let hi = Math.max(...all, log ? 1 : 0) * (log ? 1.1 : 1.05);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) { lo = log ? 0.5 : 0; hi = log ? 2 : 1; }
  const x = (v: number): number => LABEL_W + (log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo)) * PLOT_W;
  const groupH = o.series.length * BAR_H + 6;
  const top = 8 + Math.ceil(o.series.length / 4) * 16;
  const plotH = o.categories.length * groupH;
  const height = top + plotH + 40;
  const width = LABEL_W + PLOT_W + VALUE_W;
  const parts: string[] = [];
  o.series.forEach((s, i) => {
    const lx = LABEL_W + (i % 4) * 140;
    const ly = 4 + Math.floor(i / 4) * 16;
    parts.push(`<rect x="${lx}" y="${ly}" width="12" height="10" fill="${s.color}"/><text x="${lx + 16}" y="${ly + 9}" class="lg">${esc(s.name)}</text>`);
  });
  for (const t of niceTicks(lo, hi, log)) {
    const tx = x(t).toFixed(1);
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${top}" y2="${top + plotH}" class="grid"/><text x="${tx}" y="${top + plotH + 14}" class="tick">${esc(o.format(t))}</text>`);
  }
  o.categories.forEach((c, ci) => {
    const gy = top + ci * groupH;
    if (ci % 2 === 1) parts.push(`<rect x="0" y="${gy}" width="${width}" height="${groupH}" class="band"/>`);
    parts.push(`<text x="${LABEL_W - 6}" y="${gy + groupH / 2 + 4}" class="cat${o.muted?.has(c) ? ' muted' : ''}">${esc(c)}</text>`);
    o.series.forEach((s, si) => {
      const v = s.values[ci];
      const y = gy + 3 + si * BAR_H;
      if (v === undefined || !Number.isFinite(v) || (log && v <= 0)) {
        parts.push(`<text x="${LABEL_W + 4}" y="${y + BAR_H - 1}" class="na">n/a</text>`);
        return;
      }
      const x0 = log ? x(lo) : x(Math.max(lo, 0));
      const x1 = x(v);
      parts.push(`<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${BAR_H - 1}" fill="${s.color}"><title>${esc(`${c} — ${s.name}: ${o.format(v)}`)}</title></rect>`);
      parts.push(`<text x="${(Math.max(x0, x1) + 3).toFixed(1)}" y="${y + BAR_H - 1}" class="val">${esc(o.format(v))}</text>`);
    });
  });
  for (const r of refs) {
    if (!(r.value > lo && r.value < hi)) continue;
    const rx = x(r.value).toFixed(1);
    parts.push(`<line x1="${rx}" x2="${rx}" y1="${top - 2}" y2="${top + plotH}" stroke="${r.color}" stroke-width="1.5"${r.dash ? ` stroke-dasharray="${r.dash}"` : ''}><title>${esc(r.label)}</title></line>`);
  }
  const refLegend = refs.map((r) => `${r.label}`).join(' · ');
  parts.push(`<text x="${LABEL_W}" y="${top + plotH + 30}" class="axis">${esc(o.axis)}${refLegend ? ` — lines: ${esc(refLegend)}` : ''}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="chart">${parts.join('')}</svg>`;
};

/** One stacked bar: labelled segments. */
export interface StackedBar {
  readonly label: string;
  readonly segments: readonly { readonly name: string; readonly color: string; readonly value: number }[];
}

/** Per category, stacked bars drawn to a common scale within the category (the longest bar = full width). */
export const stackedChart = (categories: readonly { readonly name: string; readonly bars: readonly StackedBar[] }[],
  legend: readonly { readonly name: string; readonly color: string }[], unit: string): string => {
  const rowH = 11;
  const top = 22;
  const parts: string[] = [];
  legend.forEach((l, i) => {
    const lx = LABEL_W + i * 120;
    parts.push(`<rect x="${lx}" y="4" width="12" height="10" fill="${l.color}"/><text x="${lx + 16}" y="13" class="lg">${esc(l.name)}</text>`);
  });
  let y = top;
  categories.forEach((c, ci) => {
    const h = c.bars.length * rowH + 6;
    const max = Math.max(...c.bars.map((b) => b.segments.reduce((a, s) => a + s.value, 0)), 1e-9);
    if (ci % 2 === 1) parts.push(`<rect x="0" y="${y}" width="${LABEL_W + PLOT_W + VALUE_W}" height="${h}" class="band"/>`);
    parts.push(`<text x="${LABEL_W - 6}" y="${y + h / 2 + 4}" class="cat">${esc(c.name)}</text>`);
    c.bars.forEach((b, bi) => {
      const by = y + 3 + bi * rowH;
      let bx = LABEL_W + 44;
      const total = b.segments.reduce((a, s) => a + s.value, 0);
      parts.push(`<text x="${LABEL_W + 40}" y="${by + rowH - 3}" class="sub">${esc(b.label)}</text>`);
      for (const s of b.segments) {
        const w = (s.value / max) * (PLOT_W - 50);
        if (w > 0) parts.push(`<rect x="${bx.toFixed(1)}" y="${by}" width="${Math.max(0.5, w).toFixed(1)}" height="${rowH - 2}" fill="${s.color}"><title>${esc(`${c.name} ${b.label} — ${s.name}: ${s.value.toFixed(2)} ${unit}`)}</title></rect>`);
        bx += w;
      }
      parts.push(`<text x="${(bx + 3).toFixed(1)}" y="${by + rowH - 3}" class="val">${esc(`${total.toFixed(total < 10 ? 1 : 0)} ${unit}`)}</text>`);
    });
    y += h;
  });
  const width = LABEL_W + PLOT_W + VALUE_W;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${y + 8}" width="${width}" height="${y + 8}" class="chart">${parts.join('')}</svg>`;
};
