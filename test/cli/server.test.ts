// Which server the CLI talks to and which token it sends there: --server, the port file a running
// platform writes, the token kept in a data directory going to that platform only, redirects, and
// what a wrong token says. Real `voxcall` processes against a real platform and real receivers.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { CliError, urlOn } from '../../src/cli/client.js';
import { parseServer } from '../../src/cli/server.js';
import { SERVER_FILE } from '../../src/platform/server-file.js';
import { runCli } from '../helpers/cli.js';
import { startTestPlatform, usePlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';

const ctx = usePlatform();

/** `voxcall` with only the environment given (no server, token or data dir inherited). */
const voxcall = (args: string[], env: Record<string, string>) => runCli(args, env);

const withDataDir = () => ({ VOXCALL_DATA_DIR: ctx.t.dataDir });
const noAuthorization = (rx: Receiver) => assert.deepEqual(rx.received.filter((r) => r.headers.authorization !== undefined).map((r) => r.path), []);

test('the README\'s subscription commands: subscriptions add --url and update --url set the push URL', async () => {
  const other = await new Receiver().start();
  try {
    const app = ctx.t.platform.demo.appKey;
    // As the README writes it: no server, no token (both found from the data directory).
    const added = await voxcall(['subscriptions', 'add', '--app', app, '--url', `${ctx.rx.url}/vsp`, '--format', 'vsp', '--secret', 'generate'], withDataDir());
    assert.equal(added.code, 0, added.stderr);
    const id = /^id\s+(sub_\S+)$/m.exec(added.stdout)?.[1] ?? assert.fail(added.stdout);
    assert.equal((await ctx.t.platform.store.subscriptions.get(id))?.url, `${ctx.rx.url}/vsp`);

    // The update of the issue, with the global options on the same line.
    const updated = await voxcall(['--server', ctx.t.platform.url, 'subscriptions', 'update', id, '--app', app, '--url', `${other.url}/vsp`, '--token', ctx.t.platform.adminToken], {});
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal((await ctx.t.platform.store.subscriptions.get(id))?.url, `${other.url}/vsp`);
    noAuthorization(ctx.rx);
    noAuthorization(other);
  } finally {
    await other.close();
  }
});

test('a global --url is refused with a pointer to --server, before anything is sent', async () => {
  const [before, after] = await Promise.all([
    voxcall(['--url', ctx.rx.url, 'app', 'list'], withDataDir()),
    voxcall(['app', 'list', '--url', ctx.rx.url], withDataDir()),
  ]);
  for (const r of [before, after]) {
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^voxcall: --url is not an option of .*: the address of voxcall is --server \(env VOXCALL_SERVER\)/);
  }
  assert.match(after.stderr, /`voxcall app list`/);
  assert.equal(ctx.rx.received.length, 0);
});

test('the CLI finds a platform started on port 0 through <data dir>/server.json', async () => {
  const file = JSON.parse(await readFile(join(ctx.t.dataDir, SERVER_FILE), 'utf8')) as { url: string; pid: number };
  assert.deepEqual([file.url, file.pid], [ctx.t.platform.url, process.pid]);
  assert.notEqual(new URL(file.url).port, '8080');
  const r = await voxcall(['--json', 'app', 'list'], withDataDir());
  assert.equal(r.code, 0, r.stderr);
  assert.ok((JSON.parse(r.stdout) as { apps: Array<{ appKey: string }> }).apps.some((a) => a.appKey === ctx.t.platform.demo.appKey));
});

test('the file goes when the platform closes; the kept token is then sent nowhere', async () => {
  const t = await startTestPlatform();
  const dataDir = t.dataDir;
  try {
    assert.ok(existsSync(join(dataDir, SERVER_FILE)));
    await t.platform.close();
    assert.ok(!existsSync(join(dataDir, SERVER_FILE)));
    assert.ok(existsSync(join(dataDir, 'admin-token')), 'the token is still there');
    const gone = await voxcall(['app', 'list'], { VOXCALL_DATA_DIR: dataDir });
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /admin-token is the token of the voxcall using .*, which is not running \(there is no .*server\.json\): start it \(npm start\), or pass --server and --token/);

    // A file left by a crash (its process has exited) is not believed either.
    const dead = await new Promise<number>((resolve) => {
      const child = execFile(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid!));
    });
    await writeFile(join(dataDir, SERVER_FILE), JSON.stringify({ url: ctx.rx.url, pid: dead, startedAt: new Date().toISOString() }));
    const stale = await voxcall(['app', 'list'], { VOXCALL_DATA_DIR: dataDir });
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, new RegExp(`names process ${dead}, which has exited`));
    assert.equal(ctx.rx.received.length, 0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the token kept in a data directory goes to the platform of that directory only', async () => {
  const r = await voxcall(['--server', ctx.rx.url, 'app', 'list'], withDataDir());
  assert.equal(r.code, 1);
  assert.match(r.stderr, /admin-token is the token of the voxcall at http:\/\/127\.0\.0\.1:\d+ \(.*server\.json\); it is not sent to http:\/\/127\.0\.0\.1:\d+: pass --token or set VOXCALL_ADMIN_TOKEN/);
  assert.equal(ctx.rx.received.length, 0);
});

test('a redirect is not followed: the token stays with the configured server', async () => {
  const seen: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(307, { location: `${ctx.rx.url}${req.url}` }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const env = { VOXCALL_SERVER: url, VOXCALL_ADMIN_TOKEN: ctx.t.platform.adminToken };
    const runs = await Promise.all([voxcall(['app', 'list'], env), voxcall(['export', 'failed-records'], env)]);
    for (const r of runs) {
      assert.equal(r.code, 1);
      assert.match(r.stderr, /answered HTTP 307 \(a redirect to http:\/\/127\.0\.0\.1:\d+\/v1\/.*\); the CLI follows no redirect/);
    }
    assert.deepEqual(seen, [`Bearer ${ctx.t.platform.adminToken}`, `Bearer ${ctx.t.platform.adminToken}`]);
    assert.equal(ctx.rx.received.length, 0);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('VOXCALL_URL is the older name of VOXCALL_SERVER; two different values are refused', async () => {
  const token = { VOXCALL_ADMIN_TOKEN: ctx.t.platform.adminToken };
  const [older, both] = await Promise.all([
    voxcall(['--json', 'app', 'list'], { ...token, VOXCALL_URL: ctx.t.platform.url }),
    voxcall(['app', 'list'], { ...token, VOXCALL_URL: ctx.t.platform.url, VOXCALL_SERVER: ctx.rx.url }),
  ]);
  assert.equal(older.code, 0, older.stderr);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /VOXCALL_SERVER \(.*\) and VOXCALL_URL \(.*\) differ/);
  assert.equal(ctx.rx.received.length, 0);
});

test('a wrong token: the API and the CLI say where the token is, and show none', async () => {
  const res = await request(`${ctx.t.platform.url}/v1/apps`, { headers: { authorization: 'Bearer a-wrong-guess-of-the-token' } });
  const body = (await res.body.json()) as { error: { code: string; message: string } };
  assert.equal(res.statusCode, 401);
  assert.equal(body.error.code, 'VX.UNAUTHORIZED');
  assert.match(body.error.message, /VOXCALL_ADMIN_TOKEN/);
  assert.match(body.error.message, /<its data dir>\/admin-token/);
  assert.match(body.error.message, /--token/);
  // Neither the token nor where this server keeps its files: the caller is not authenticated.
  assert.ok(!body.error.message.includes(ctx.t.platform.adminToken) && !body.error.message.includes(ctx.t.dataDir));

  const r = await voxcall(['app', 'list', '--token', 'a-wrong-guess-of-the-token'], { VOXCALL_SERVER: ctx.t.platform.url });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^voxcall: http:\/\/127\.0\.0\.1:\d+ refused the token given by --token \(VX\.UNAUTHORIZED, HTTP 401\): a voxcall's token is the VOXCALL_ADMIN_TOKEN it was started with, else the one in its <data dir>\/admin-token/);
  assert.ok(!r.stderr.includes('a-wrong-guess-of-the-token') && !r.stderr.includes(ctx.t.platform.adminToken));
});

test('server addresses: http(s) with an optional path prefix; no path leaves it', () => {
  const base = parseServer('https://ops.example.com/voxcall/', '--server');
  assert.equal(urlOn(base, '/v1/apps').href, 'https://ops.example.com/voxcall/v1/apps');
  assert.throws(() => urlOn(base, '/../v1/apps'), /refusing to send the token to https:\/\/ops\.example\.com\/v1\/apps/);
  assert.throws(() => urlOn(base, 'v1/apps'), /refusing/);
  assert.throws(() => urlOn(parseServer('http://127.0.0.1:8080', 'x'), '@evil.example/v1'), /refusing/);
  assert.equal(urlOn(parseServer('http://127.0.0.1:8080', 'x'), '/v1/apps').href, 'http://127.0.0.1:8080/v1/apps');
  for (const bad of ['ftp://host/', 'http://user:pw@host/', 'http://host/?a=1', 'http://host/#x', '127.0.0.1:8080']) {
    assert.throws(() => parseServer(bad, '--server'), CliError, bad);
  }
});
