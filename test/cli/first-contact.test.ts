// What a newcomer following README hit, as they run it: a real subprocess (bin/voxcall.js) against a
// real platform. Every refusal is printed, names the flag and, for an enum, the allowed values.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';

const ctx = usePlatform();
const { voxcall, ok } = cliOf(() => ctx.t);

async function refused(args: string[], message: RegExp): Promise<void> {
  const r = await voxcall(args);
  assert.notEqual(r.code, 0, `voxcall ${args.join(' ')} succeeded: ${r.stdout}`);
  assert.match(r.stderr, message, `voxcall ${args.join(' ')}`);
}

test('a bad value checked inside an action is printed, naming the option', async () => {
  await refused(['export', 'failed-records', '--format', 'xml', '--out', 'f.xml'], /^voxcall: --format must be csv or jsonl, not "xml"/);
  await refused(['limits', 'set', '--quiet-hours', '22-07'], /^voxcall: --quiet-hours must be HH:MM-HH:MM .* not "22-07"/);
});

test('an enum refused by the API lists the allowed values', async () => {
  await refused(['calls', 'list', '--state', 'actve'], /state must be one of: active, ended \(VX\.INVALID, HTTP 400\)/);
  await refused(['pushes', 'list', '--state', 'fail'], /state must be one of: queued, delivered, failed, merged/);
  await refused(['subscriptions', 'add', '--app', ctx.t.platform.demo.appKey, '--url', 'http://127.0.0.1:9/', '--format', 'json'], /format must be one of: huawei, vsp, ucloud, robot/);
  const res = await fetch(`${ctx.t.platform.url}/v1/exports/failed-records?format=xml`, { headers: { authorization: `Bearer ${ctx.t.platform.adminToken}` } });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { error: { code: 'VX.INVALID', message: 'query parameter format must be one of: jsonl, csv' } });
});

test('refusals name the flags, not the API fields', async () => {
  const app = ctx.t.platform.demo.appKey;
  await refused(['pushes', 'replay'], /needs push ids, a filter \(--app, --session, .*\) or --all/);
  await refused(['calls', 'place', 'callback', '+8613900000001', '--app', app], /calls place callback needs --caller <number>/);
  await refused(['calls', 'place', 'verify', '+8613900000001', '--app', app], /calls place verify needs --code <digits>/);
});

test('subscriptions and limits print tables with ISO times; JSON only with --json', async () => {
  const app = ctx.t.platform.demo.appKey;
  const added = await ok(['subscriptions', 'add', '--app', app, '--url', 'http://127.0.0.1:9/vsp', '--format', 'vsp']);
  const id = /^id\s+(sub_\S+)$/m.exec(added)?.[1];
  assert.ok(id, added);
  assert.match(added, /^createdAt\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
  const listed = await ok(['subscriptions', 'list', '--app', app]);
  assert.match(listed, /^id\s+format\s+receives\s+enabled/);
  assert.match(listed, new RegExp(`^${id}\\s+vsp\\s+both\\s+true\\s+false\\s+-\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+http://127\\.0\\.0\\.1:9/vsp`, 'm'));
  const json = JSON.parse(await ok(['--json', 'subscriptions', 'list', '--app', app])) as { subscriptions: Array<{ createdAt: number }> };
  assert.equal(typeof json.subscriptions[0]?.createdAt, 'number');
  await ok(['subscriptions', 'remove', id, '--app', app]);

  await ok(['limits', 'set', '--app', app, '--app-calls', '10/86400', '--quiet-hours', '22:00-08:00']);
  const shown = await ok(['limits', 'show', '--app', app]);
  assert.match(shown, /^setting\s+app\s+effective/);
  assert.match(shown, /^appCalls\s+10\/86400\s+10\/86400$/m);
  assert.match(shown, /^quietHours\s+22:00-08:00\s+22:00-08:00$/m);
  assert.match(shown, /^whitelistMode\s+-\s+off$/m);
  assert.match(await ok(['limits', 'show']), /^setting\s+value\n(.*\n)*spCalls\s+-$/m);
});

test('calls show prints the recording as a link on the server, which downloads it', async () => {
  const app = ctx.t.platform.demo.appKey;
  const placed = JSON.parse(await ok(['--json', 'calls', 'place', 'callback', '+8613900000001', '--caller', '+8613900000001', '--record', '--app', app])) as { sessionId: string };
  await ctx.t.run(60_000);
  await ctx.t.platform.engine.idle();
  const shown = await ok(['calls', 'show', placed.sessionId]);
  const link = /^recording\s+(\S+)$/m.exec(shown)?.[1];
  assert.ok(link?.startsWith(`${ctx.t.platform.url}/`), shown);
  const res = await fetch(link!, { redirect: 'manual' });
  assert.ok(res.status < 400, `GET ${link}: HTTP ${res.status}`);
});

test('--version prints the package version', async () => {
  const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(await ok(['--version']), `${version}\n`);
});

test('a --server that is not voxcall is named as such', async () => {
  const other = createServer((_req, res) => res.writeHead(501).end('Not Implemented'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const r = await voxcall(['--server', url, 'app', 'list']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^voxcall: ${url.replace(/\./g, '\\.')} answered HTTP 501 with no voxcall error body: is --server a voxcall server\\?`));
  } finally {
    other.close();
  }
});

test('an enum inside an array is named with its index', async () => {
  const res = await fetch(`${ctx.t.platform.url}/v1/apps/${ctx.t.platform.demo.appKey}/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.t.platform.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'http://127.0.0.1:9/x', format: 'vsp', events: ['answer', 'ringing'] }),
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { error: { code: 'VX.INVALID', message: 'events[1] must be one of: callout, alerting, answer, collectInfo, disconnect' } });
});
