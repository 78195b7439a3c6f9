/** The log's second line of defence: fields that may carry a secret are censored wherever they appear. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { REDACT_PATHS, createLogger } from '../../src/log.js';

test('every redacted field is censored in log lines, nested one level or at the top of headers', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const markers: string[] = [];
  for (const path of REDACT_PATHS) {
    const marker = `MARKER-${markers.length}-${path.replace(/\W/g, '')}`;
    markers.push(marker);
    // "*.field" censors that field one level down; other paths are literal.
    const parts = path.replace(/^\*\./, 'any.').replace(/\["([^"]+)"\]/g, '.$1').split('.');
    const entry: Record<string, unknown> = {};
    let at = entry;
    for (const part of parts.slice(0, -1)) at = (at[part] = {}) as Record<string, unknown>;
    at[parts.at(-1)!] = marker;
    logger.info(entry, 'line');
  }
  assert.equal(lines.length, REDACT_PATHS.length);
  for (const [i, line] of lines.entries()) {
    assert.ok(!line.includes(markers[i]!), `${REDACT_PATHS[i]} is censored: ${line}`);
    assert.match(line, /\[redacted\]/);
  }
  assert.ok(REDACT_PATHS.includes('*.accessToken') && REDACT_PATHS.includes('*.refresh_token') && REDACT_PATHS.includes('*.state'));
});
