// The examples of docs/reference/ run as they are written: every Python example (with the setup
// block of docs/reference/README.md) in a real python3, every curl example in a real bash with
// curl and openssl, against a real platform. A doc example that stops working fails here.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { feeItems } from '../helpers/expect.js';
import { usePlatform } from '../helpers/platform.js';

const ctx = usePlatform();
const DOCS = new URL('../../docs/reference/', import.meta.url);

/** The fenced blocks of one language in a page of docs/reference/, in order. */
function blocks(page: string, lang: 'python' | 'sh'): string[] {
  const text = readFileSync(new URL(page, DOCS), 'utf8');
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

const NEEDED: Array<[string, string[], string]> = [
  ['python3', ['--version'], 'install Python 3 (Debian: apt-get install python3)'],
  ['bash', ['--version'], 'install bash (Debian: apt-get install bash)'],
  ['curl', ['--version'], 'install curl (Debian: apt-get install curl)'],
  ['openssl', ['version'], 'install OpenSSL (Debian: apt-get install openssl)'],
];

let cwd = '';
before(async () => {
  for (const [cmd, args, how] of NEEDED) {
    const r = spawnSync(cmd, args, { stdio: 'ignore' });
    if (r.error || r.status !== 0) throw new Error(`the docs/reference examples need ${cmd}: ${how}`);
  }
  cwd = await mkdtemp(join(tmpdir(), 'voxcall-doc-examples-'));
});
after(async () => {
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const p = ctx.t.platform;
  return {
    PATH: process.env.PATH, HOME: process.env.HOME,
    BASE_URL: p.url, VOXCALL_APP_KEY: p.demo.appKey, VOXCALL_APP_SECRET: p.demo.appSecret,
    VOXCALL_STATUS_URL: `${ctx.rx.url}/status`, VOXCALL_FEE_URL: `${ctx.rx.url}/fee`,
    ...extra,
  };
}

/** Runs a program; resolves its stdout, rejects with stderr when it fails. */
function run(cmd: string, args: string[], extra: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: env(extra), timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

const SETUP_PY = () => blocks('README.md', 'python')[0]!;
const SETUP_SH = () => blocks('README.md', 'sh')[0]!;

/** The page's Python examples after the setup; the last line printed, as JSON. */
async function python(page: string, prelude = '', extra: Record<string, string> = {}): Promise<Record<string, any>> {
  const code = [SETUP_PY(), prelude, ...blocks(page, 'python')].join('\n');
  const out = (await run('python3', ['-c', code], extra)).trim().split('\n');
  return JSON.parse(out[out.length - 1]!) as Record<string, any>;
}

/** The page's curl examples after the setup, in bash with errors fatal; stdout. */
function shell(page: string, extra: Record<string, string> = {}): Promise<string> {
  return run('bash', ['-c', ['set -euo pipefail', SETUP_SH(), ...blocks(page, 'sh')].join('\n')], extra);
}

async function feeOf(sessionId: string): Promise<Record<string, any>> {
  await ctx.t.run(180_000);
  await ctx.rx.until(() => feeItems(ctx.rx).some((f) => f.sessionId === sessionId));
  return feeItems(ctx.rx).find((f) => f.sessionId === sessionId)!;
}

const sessionOf = (out: string): string => (JSON.parse(out) as { sessionId: string }).sessionId;

test('the examples name the server BASE_URL, never a variable the CLI reads', () => {
  const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
  for (const page of pages) {
    for (const block of [...blocks(page, 'python'), ...blocks(page, 'sh')]) {
      assert.doesNotMatch(block, /VOXCALL_(URL|SERVER|ADMIN_TOKEN|DATA_DIR)\b/, page);
    }
  }
  assert.match(SETUP_SH(), /export BASE_URL=/);
  assert.match(SETUP_PY(), /BASE_URL = os\.environ\.get\("BASE_URL"/);
});

describe('Python examples of docs/reference', () => {
  test('click2call.md places a recorded callback; recording.md downloads its recording', async () => {
    const answer = await python('click2call.md');
    assert.deepEqual([answer.resultcode, answer.resultdesc, answer.idlePort], ['0', 'Success', 99]);
    const fee = await feeOf(answer.sessionId as string);
    assert.deepEqual([fee.recordFlag, fee.userData], [1, 'order-1001']);
    const got = await python('recording.md', 'fee = json.loads(os.environ["FEE"])', { FEE: JSON.stringify(fee) });
    assert.ok((got.link as string).startsWith(`${ctx.t.platform.url}/recordings/`));
    const wav = await readFile(join(cwd, got.saved as string));
    assert.equal(wav.subarray(8, 12).toString(), 'WAVE');
  });

  for (const page of ['callnotify.md', 'callverify.md', 'callstop.md']) {
    test(page, async () => assert.deepEqual(Object.entries(await python(page)).filter(([k]) => k !== 'sessionId'), [['resultcode', '0'], ['resultdesc', 'Success']]));
  }
});

describe('curl examples of docs/reference', () => {
  test('click2call.md places a recorded callback; recording.md downloads its recording', async () => {
    const sessionId = sessionOf(await shell('click2call.md'));
    const fee = await feeOf(sessionId);
    const out = await shell('recording.md', { FILE_NAME: fee.recordObjectName, RECORD_DOMAIN: fee.recordDomain });
    assert.ok(out.trim().startsWith(`${ctx.t.platform.url}/recordings/`), out);
    const wav = await readFile(join(cwd, fee.recordObjectName as string));
    assert.equal(wav.subarray(8, 12).toString(), 'WAVE');
  });

  test('callnotify.md and callverify.md', async () => {
    for (const page of ['callnotify.md', 'callverify.md']) {
      const answer = JSON.parse(await shell(page)) as Record<string, string>;
      assert.deepEqual([answer.resultcode, answer.resultdesc], ['0', 'Success'], page);
    }
  });

  test('callstop.md', async () => {
    assert.deepEqual(JSON.parse(await shell('callstop.md')), { resultcode: '0', resultdesc: 'Success' });
  });
});
