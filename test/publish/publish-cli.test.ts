/**
 * Issue 15's acceptance, with the CLI as a subprocess against the strict sandbox over loopback:
 * publish + submit + wait, lost answers, 200-with-error, dry run, an upload URL off the host.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPublishSandbox, type PublishSandbox } from '../helpers/publish-sandbox.js';

const SPACE_RUNNER = '000007000010';
const MY_GAME = '000007654321';
const CHESS_CLUB = '000007000020';
let ps: PublishSandbox;

before(async () => {
  ps = await startPublishSandbox();
});
test('on a terminal, uploads draw a progress bar on stderr (plain lines otherwise, as the other tests see)', async () => {
  const { runCli: runInProcess } = await import('../../src/cli/run-cli.js');
  let out = '';
  let err = '';
  const file = await ps.file('bar.apk', 3 * 1024 * 1024);
  const code = await runInProcess(['publish', '--content-id', '000001234567', '--file', file], {
    env: { ...ps.sandbox.env },
    out: (t) => (out += t),
    err: (t) => (err += t),
    errIsTerminal: true,
  });
  assert.equal(code, 0, err);
  assert.match(err, /\r {2}\[#{30}\] 100% 3\.0\/3\.0 MiB\n/);
  assert.doesNotMatch(err, /: 100% \(/, 'no plain progress lines on a terminal');
  assert.match(out, /\(added\)/);
  ps.outputs.push(out, err);
});

test('the token marker is real: token create prints a token that carries it', async () => {
  const { runCli } = await import('../helpers/galaxy-cli.js');
  const created = await runCli(['token', 'create'], { ...ps.sandbox.env });
  assert.ok(created.stdout.startsWith(ps.tokenMarker), 'tokens carry the marker');
  assert.equal((await runCli(['token', 'revoke', '--token', created.stdout.trim()], { ...ps.sandbox.env })).code, 0);
});

after(async () => {
  // No token in any output of any command run above (the sandbox's tokens carry a marker).
  assert.ok(ps.outputs.length > 10);
  assert.equal(ps.outputs.filter((o) => o.includes(ps.tokenMarker)).length, 0, 'a token reached the output');
  assert.equal(ps.sandbox.galaxy.tokens.active, 0, 'every token minted for a run was revoked');
  await ps.close();
});

describe('samsung-auth publish', () => {
  test('--submit of two files to a live app: one draft, two binaries with unique names, submitted; status --wait sees review end', async () => {
    const a = await ps.file('game.release.apk', 200_000);
    const b = await ps.file('game-wear.apk', 50_000);
    const run = await ps.cli('publish', '--content-id', SPACE_RUNNER, '--file', a, '--file', b, '--release-notes', 'New levels', '--submit', '--json');
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { binaries: { fileName: string; skipped: boolean }[]; submitted: boolean; draftStatus: string };
    assert.equal(result.submitted, true);
    assert.equal(result.draftStatus, 'UNDER_REVIEW');
    const names = result.binaries.map((x) => x.fileName);
    assert.match(names[0] ?? '', /^game-release-\d{8}T\d{9}Z\.apk$/);
    assert.match(names[1] ?? '', /^game-wear-\d{8}T\d{9}Z\.apk$/);
    const app = ps.sandbox.galaxy.publishing.find(SPACE_RUNNER)!;
    assert.equal(app.draft?.contentStatus, 'UNDER_REVIEW', 'one draft, submitted');
    assert.deepEqual(app.draft?.binaries.map((x) => x.fileName).slice(-2), names);
    assert.equal(app.draft?.binaries.length, 3, 'the live binary copied into the draft, and the two new ones');
    assert.equal(app.draft?.fields.newFeature, 'New levels');
    assert.equal(ps.sandbox.counters.get('galaxy.contentUpdate'), 1);

    const wait = await ps.cli('status', '--content-id', SPACE_RUNNER, '--wait', '--wait-interval', '1', '--wait-timeout', '30');
    assert.equal(wait.code, 0, wait.stderr);
    assert.match(wait.stdout, /READY_FOR_CHANGE \(approved\)/);
    const live = await ps.cli('go-live', '--content-id', SPACE_RUNNER);
    assert.equal(live.code, 0, live.stderr);
    assert.equal(ps.sandbox.galaxy.publishing.find(SPACE_RUNNER)?.live?.binaries.length, 3);
  });

  test('the add-binary answer lost after the change: exactly one binary, on that run and on a re-run', async () => {
    const file = await ps.file('lost.apk', 30_000);
    const adds = ps.sandbox.counters.get('galaxy.addBinary');
    ps.sandbox.addFault({ route: 'galaxy.addBinary', fault: { kind: 'lose-answer' } });
    const first = await ps.cli('publish', '--content-id', MY_GAME, '--file', file);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /answer was lost; reading contentInfo/);
    assert.match(first.stderr, /it took effect \(seen in contentInfo\)/);
    const mine = () => ps.draftFiles(MY_GAME).filter((n) => /^lost-\d{8}T\d{9}Z\.apk$/.test(n));
    assert.equal(mine().length, 1);
    assert.equal(ps.sandbox.counters.get('galaxy.addBinary'), adds + 1, 'not repeated');

    const again = await ps.cli('publish', '--content-id', MY_GAME, '--file', file);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /already in the draft as binary \d+/);
    assert.equal(mine().length, 1, 'the re-run added nothing');
    assert.equal(ps.sandbox.counters.get('galaxy.addBinary'), adds + 1);
  });

  test('a lost submit answer is resolved by reading the status (and not repeated)', async () => {
    const before = ps.sandbox.counters.get('galaxy.contentSubmit');
    ps.sandbox.addFault({ route: 'galaxy.contentSubmit', fault: { kind: 'lose-answer' } });
    const run = await ps.cli('submit', '--content-id', MY_GAME);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /contentSubmit: it took effect/);
    assert.match(run.stdout, /is UNDER_REVIEW/);
    assert.equal(ps.sandbox.counters.get('galaxy.contentSubmit'), before + 1);
  });

  test('an answer lost with the state unreadable too: exit 6, the outcome needs a look', async () => {
    ps.sandbox.addFault({ route: 'galaxy.contentStatusUpdate', fault: { kind: 'drop' } });
    ps.sandbox.addFault({ route: 'galaxy.contentInfo', fault: { kind: 'status', status: 500 }, times: 4 });
    const run = await ps.cli('go-live', '--content-id', CHESS_CLUB);
    assert.equal(run.code, 6, run.stderr);
    assert.match(run.stderr, /unknown whether it took effect/);
    ps.sandbox.faults.clear();
  });

  test('a 200 answer carrying an error code: non-zero exit naming Samsung\'s code', async () => {
    const run = await ps.cli('submit', '--content-id', CHESS_CLUB);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /answered HTTP 200 3201: /);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  test('--dry-run makes only read calls: the sandbox\'s counters of state-changing calls stay 0', async () => {
    const file = await ps.file('dry.apk', 10_000);
    ps.sandbox.reset();
    const changes = ps.sandbox.galaxy.publishing.changes;
    const run = await ps.cli('publish', '--content-id', '000007000030', '--file', file, '--dry-run', '--submit');
    assert.equal(run.code, 1, 'Tiny Notes is rejected: no publish possible');
    assert.match(run.stderr, /UPDATE_REJECTED/);
    const ok = await ps.cli('publish', '--content-id', '000001234567', '--file', file, '--dry-run', '--submit', '--replace-binaries', '--release-notes', 'x');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /upload .*dry\.apk \(10000 bytes\)/);
    assert.match(ok.stdout, /remove binary 201/);
    assert.match(ok.stdout, /submit for review/);
    assert.equal(ps.sandbox.galaxy.stateChangingCalls(), 0);
    assert.equal(ps.sandbox.galaxy.publishing.changes, changes);
    assert.ok(ps.sandbox.counters.get('galaxy.contentInfo') >= 2, 'it did read');
  });

  test('an upload url off the upload host is refused; nothing is sent there', async () => {
    let hits = 0;
    const elsewhere = http.createServer((_req, res) => {
      hits += 1;
      res.end('{}');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/galaxyapi/fileUpload`;
      ps.sandbox.addFault({ route: 'galaxy.createUploadSession', fault: { kind: 'status', status: 200, body: { url, sessionId: 'marker-session-id-0123456789' } } });
      const run = await ps.cli('publish', '--content-id', MY_GAME, '--file', await ps.file('off.apk', 1000));
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /names an upload URL other than http:\/\/127\.0\.0\.1:\d+\/galaxyapi\/fileUpload; nothing was sent there/);
      assert.ok(!run.stderr.includes('marker-session-id'), 'the session id is not shown');
      assert.equal(hits, 0);
    } finally {
      elsewhere.close();
    }
  });

  test('bad input gets a usage error before any call', async () => {
    ps.sandbox.reset();
    const noFile = await ps.cli('publish', '--content-id', MY_GAME);
    assert.equal(noFile.code, 2);
    const missing = await ps.cli('publish', '--content-id', MY_GAME, '--file', '/nonexistent/app.apk');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
    const notes = await ps.cli('publish', '--content-id', MY_GAME, '--file', await ps.file('n.apk', 10), '--release-notes', 'é'.repeat(2001));
    assert.equal(notes.code, 2);
    assert.match(notes.stderr, /4002 UTF-8 bytes/);
    assert.deepEqual(ps.sandbox.counters.snapshot(), {});
  });
});
