/** Metric labels stay bounded whatever upstreams answer: shapes checked, values capped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { SamsungMetrics, metricsFor } from '../../src/metrics/metrics.js';
import { galaxyOperation } from '../../src/metrics/instrument.js';

test('a label takes at most 64 values, then "other"; a value of the wrong shape is "other" at once', async () => {
  const metrics = new SamsungMetrics(new Registry(), { defaultMetrics: false });
  metrics.callbackFailure('y0zpz1a2b3?state=abc&code=xyz');
  metrics.callbackFailure('<script>');
  for (let i = 0; i < 100; i++) metrics.callbackFailure(`CODE_${i}`);
  const text = await metrics.registry.metrics();
  const codes = [...text.matchAll(/^sak_callback_failures_total\{code="([^"]+)"\} (\d+)$/gm)];
  assert.equal(codes.length, 65, '64 codes and "other"');
  assert.equal(codes.find(([, c]) => c === 'other')?.[2], '38', '2 of the wrong shape and 36 over the cap');
  assert.ok(!text.includes('state=abc') && !text.includes('<script>'));
});

test('Galaxy operations are path templates: no package name, content or item id', () => {
  assert.equal(galaxyOperation('get', '/iap/v6/applications/com.example.mygame/items'), 'GET /iap/v6/applications/:package/items');
  assert.equal(galaxyOperation('DELETE', '/iap/v6/applications/com.example.mygame/items/coins_100'), 'DELETE /iap/v6/applications/:package/items/:item');
  assert.equal(galaxyOperation('GET', '/seller/contentInfo'), 'GET /seller/contentInfo');
  assert.equal(galaxyOperation('GET', '/seller/app/000007654321/binaries'), 'GET /seller/app/:id/binaries');
});

test('metricsFor(registry) puts the metrics on your registry, once', async () => {
  const registry = new Registry();
  assert.equal(metricsFor(registry), metricsFor(registry));
  metricsFor(registry).signIn('regional');
  assert.match(await registry.metrics(), /^sak_sign_ins_total\{region="regional"\} 1$/m);
  assert.doesNotMatch(await registry.metrics(), /process_cpu/, 'no default metrics pushed onto your registry');
});
