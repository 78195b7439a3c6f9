/**
 * A server-rendered SVG line chart of daily statistics (installs and revenue over 30 days), with
 * axis labels, a title and a description for screen readers; the page puts the same numbers in
 * a table beside it. Every text in the SVG is escaped; values are numbers we format.
 */
import type { StatsRow } from '../galaxy/api/stats.js';

export interface ChartSeries {
  label: string;
  rows: StatsRow[];
  /** Axis unit, e.g. "installs" or "USD". */
  unit: string;
}

const W = 640;
const H = 220;
const PAD = { left: 56, right: 16, top: 16, bottom: 36 };
const COLORS = ['#1428a0', '#c2185b'];

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A value as a number; what is not a finite number (or is absurdly large) counts as 0. */
function num(value: string): number {
  const n = Number(value);
  return Number.isFinite(n) && Math.abs(n) < 1e15 ? n : 0;
}

/** Round numbers for an axis from 0 to max. */
function ticks(max: number): number[] {
  if (!Number.isFinite(max) || max <= 1e-6) return [0, 1];
  const step = 10 ** Math.floor(Math.log10(max));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => max / s <= 5) ?? step * 10;
  const out: number[] = [];
  // Up to the first tick at or above the highest value, so every point is inside the chart.
  for (let v = 0; out.length < 12; v += nice) {
    out.push(Math.round(v * 100) / 100);
    if (v >= max) break;
  }
  return out.length > 1 ? out : [0, max];
}

/** One chart per series kind is clearer than two scales: each series gets its own panel. */
export function statsChartSvg(series: ChartSeries, titleId: string): string {
  const dates = [...new Set(series.rows.map((r) => r.date))].sort();
  // Counts and revenue are not negative; a negative value is drawn on the axis (the table shows it as sent).
  const values = dates.map((d) => Math.max(0, series.rows.filter((r) => r.date === d).reduce((s, r) => s + num(r.value), 0)));
  const axis = ticks(Math.max(0, ...values));
  const top = axis[axis.length - 1] || 1;
  const x = (i: number) => PAD.left + (dates.length <= 1 ? 0 : (i * (W - PAD.left - PAD.right)) / (dates.length - 1));
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const color = COLORS[series.unit === 'USD' ? 1 : 0];
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const yLabels = axis
    .map((v) => `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e6ef"/><text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${esc(String(v))}</text>`)
    .join('');
  const every = Math.max(1, Math.ceil(dates.length / 6));
  const xLabels = dates
    .map((d, i) => (i % every === 0 || i === dates.length - 1 ? `<text x="${x(i).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11">${esc(d.slice(5))}</text>` : ''))
    .join('');
  const total = values.reduce((a, b) => a + b, 0);
  const desc = dates.length ? `${series.label} per day from ${dates[0]} to ${dates.at(-1)}: total ${Math.round(total * 100) / 100} ${series.unit}, highest ${Math.max(...values)}.` : `No ${series.label.toLowerCase()} in this period.`;
  return [
    `<svg class="chart" role="img" viewBox="0 0 ${W} ${H}" width="100%" aria-labelledby="${esc(titleId)} ${esc(titleId)}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${esc(titleId)}">${esc(series.label)}</title><desc id="${esc(titleId)}-desc">${esc(desc)}</desc>`,
    yLabels,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#666"/>`,
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#666"/>`,
    xLabels,
    `<text x="14" y="${(H - PAD.bottom) / 2}" transform="rotate(-90 14 ${(H - PAD.bottom) / 2})" text-anchor="middle" font-size="11">${esc(series.unit)}</text>`,
    `<text x="${(W + PAD.left) / 2}" y="${H - 4}" text-anchor="middle" font-size="11">date (GMT)</text>`,
    dates.length ? `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>` : '',
    '</svg>',
  ].join('');
}

/** The rows of a table beside the chart: date and value, summed per day. */
export function statsTable(series: ChartSeries): { date: string; value: string }[] {
  const byDate = new Map<string, number>();
  for (const r of series.rows) byDate.set(r.date, (byDate.get(r.date) ?? 0) + num(r.value));
  return [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, v]) => ({ date, value: String(Math.round(v * 100) / 100) }));
}
