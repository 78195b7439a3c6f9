/**
 * The README and docs/ say what the code does: the README's code is the examples' code, every
 * error code is in docs/errors.md, every option of the public interfaces is in
 * docs/reference.md, and every variable the portal reads is in the README's table.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { errorCodes, propertiesOf } from './api-reference.js';

const ROOT = process.cwd();
const read = (file: string) => readFileSync(`${ROOT}/${file}`, 'utf8');
const README = read('README.md');

/** The examples the README must show, each exactly as the file CI runs. */
const README_EXAMPLES = ['examples/minimal-portal/app.ts', 'examples/ci-publish/list-contents.ts', 'examples/minimal-portal/app.test.ts', 'examples/passport/app.ts'];

describe('README and docs/', () => {
  it("the README's code blocks are the example files, verbatim", () => {
    const marked = [...README.matchAll(/<!-- example: ([^\s]+) -->\n```ts\n([\s\S]*?)```\n/g)];
    const shown = new Map(marked.map((m) => [m[1]!, m[2]!]));
    for (const file of README_EXAMPLES) {
      assert.ok(shown.has(file), `README shows ${file}`);
      assert.equal(shown.get(file), read(file), `README's copy of ${file} is out of date: paste the file again`);
    }
    for (const [file, code] of shown) assert.equal(code, read(file), `README's copy of ${file}`);
  });

  it('every ts block in the README is an example file (so all of it compiles and runs in CI)', () => {
    const blocks = README.split('\n').filter((line) => line === '```ts').length;
    const marked = [...README.matchAll(/<!-- example: [^\s]+ -->\n```ts\n/g)].length;
    assert.equal(marked, blocks, 'a ```ts block without <!-- example: path --> before it');
  });

  it('docs/errors.md explains every ErrorCode, and Galaxy Store\'s own codes', () => {
    const doc = read('docs/errors.md');
    const inTables = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!));
    const codes = errorCodes(ROOT);
    assert.ok(codes.length > 30, `read ${codes.length} codes`);
    const galaxy = ['AUTH_REQUIRE', 'NO_PERMISSION', 'REQUEST_VALIDATION_FAILED'];
    assert.deepEqual([...codes, ...galaxy].filter((c) => !inTables.has(c)), [], 'codes missing from docs/errors.md');
    assert.deepEqual([...inTables].filter((c) => !codes.includes(c) && !galaxy.includes(c)), [], 'docs/errors.md lists codes that do not exist');
  });

  it('docs/reference.md names every option of the public option interfaces', () => {
    const doc = read('docs/reference.md');
    const interfaces = [
      'SamsungAuthOptions',
      'SamsungAuthRoutes',
      'SessionMiddlewareOptions',
      'SecurityHeadersOptions',
      'MemorySessionStoreOptions',
      'RedisSessionStoreOptions',
      'RedisClientOptions',
      'GalaxyTokenManagerOptions',
      'GalaxyConnection',
      'GalaxyStoreClientOptions',
      'PublishFlowOptions',
      'CreateJwtOptions',
      'SandboxOptions',
      'SandboxSignInOptions',
      'SandboxServiceAccount',
    ];
    const missing: string[] = [];
    for (const [name, props] of propertiesOf(ROOT, interfaces)) {
      for (const prop of props) if (!doc.includes(`\`${prop}\``)) missing.push(`${name}.${prop}`);
    }
    assert.deepEqual(missing, [], 'options missing from docs/reference.md');
  });

  it("the README's configuration table has every variable the portal reads", () => {
    // Every file of the config loader (it reads its sections in files of their own).
    const loader = readdirSync(path.join(ROOT, 'src/config')).filter((f) => f.endsWith('.ts')).map((f) => read(`src/config/${f}`)).join('\n');
    const names = new Set([...loader.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((m) => m[1]!).filter((n) => n !== 'ENOENT'));
    const documented = `${README.slice(README.indexOf('## Configuration'), README.indexOf('## Library usage'))}\n${read('docs/reference.md')}`;
    assert.ok(names.size > 30, `read ${names.size} names`);
    assert.deepEqual([...names].filter((n) => !documented.includes(`\`${n}\``)), [], 'variables missing from the README');
  });
});
