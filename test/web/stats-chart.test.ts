/** The statistics chart: axis labels and a description, escaped text, and sane output whatever numbers Samsung sends. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statsChartSvg, statsTable } from '../../src/web/stats-chart.js';

const rows = (values: string[]) => values.map((value, i) => ({ contentId: '1', metricId: 'm', date: `2026-11-${String(i + 1).padStart(2, '0')}`, value }));

describe('statistics chart', () => {
  it('draws labelled axes, a title and a description for screen readers', () => {
    const svg = statsChartSvg({ label: 'Installs', unit: 'installs', rows: rows(['3', '7', '12']) }, 'chart-x');
    assert.match(svg, /^<svg class="chart" role="img"[^>]*aria-labelledby="chart-x chart-x-desc"/);
    assert.match(svg, /<title id="chart-x">Installs<\/title>/);
    assert.match(svg, /<desc id="chart-x-desc">Installs per day from 2026-11-01 to 2026-11-03: total 22 installs, highest 12\.<\/desc>/);
    assert.match(svg, />date \(GMT\)</);
    assert.match(svg, /<polyline [^>]*points="[\d., ]+"/);
    const ys = [...svg.matchAll(/(\d+\.\d),(\d+\.\d)/g)].map((m) => Number(m[2]));
    assert.ok(ys.length === 3 && ys.every((y) => y >= 16 && y <= 184), `every point inside the plot area: ${ys}`);
    assert.match(svg, />20<\/text>/, 'the top tick is above the highest value');
    assert.deepEqual(statsTable({ label: 'Installs', unit: 'installs', rows: rows(['3', '7']) }), [{ date: '2026-11-01', value: '3' }, { date: '2026-11-02', value: '7' }]);
  });

  it('escapes text and survives numbers that are huge, tiny, negative or not numbers', () => {
    const svg = statsChartSvg({ label: '<script>x</script>', unit: '"USD"', rows: rows(['1e308', '1e308', '5e-324', '-4', 'NaN', 'abc']) }, 'c');
    assert.ok(!svg.includes('<script>'));
    assert.ok(svg.length < 20_000, `a small SVG (${svg.length} characters)`);
    const empty = statsChartSvg({ label: 'Revenue', unit: 'USD', rows: [] }, 'e');
    assert.match(empty, /No revenue in this period/);
  });
});
