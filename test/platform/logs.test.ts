// The lines a person follows (docs/logs.md), read from a real platform's log stream: a call
// accepted and ended, a refused request with its whole reason, a push retried and given up, an IP
// lockout starting and ending; times in ISO; no secret in any line. And the logger itself: JSON
// off a terminal, pretty on one, secrets redacted under every key that may carry them.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { VoxcallClient, signedHeaders } from '../../src/client/index.js';
import { TEST_PREFIX } from '../../src/network/simulated/rules.js';
import { createLogger } from '../../src/platform/logger.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';
import { LogCapture } from '../helpers/log-capture.js';
import { admin } from '../manage/helpers.js';
import { accepted, callback, freshApp, notify, refused, type PolicyApp } from '../policy/helpers.js';
import { RESULT } from '../../src/api/result-codes.js';
import { endpointId } from '../../src/domain/endpoint.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const log = new LogCapture();
let t: TestPlatform;
let rx: Receiver;
const call = admin(() => t);
const secrets: string[] = [];

before(async () => {
  t = await startTestPlatform({ logger: createLogger({ level: 'info', destination: log }), env: { VOXCALL_AUTH_MAX_FAILURES: '2' } });
  rx = await new Receiver().start();
  secrets.push(t.platform.adminToken, t.platform.demo.appSecret);
});
after(async () => {
  await t.close();
  await rx.close();
});

async function app(): Promise<PolicyApp> {
  const p = await freshApp(t);
  secrets.push(p.app.appSecret);
  return p;
}

test('a call accepted and its end: one line each, with the call, its numbers, outcome and durations', async () => {
  const p = await app();
  const res = await notify(p, { calleeNbr: `${TEST_PREFIX}01` });
  accepted(res);
  const sessionId = (res.body as { sessionId: string }).sessionId;
  const start = await log.waitFor('call.accepted', (l) => l.event === 'call.accepted' && l.sessionId === sessionId);
  assert.deepEqual(
    { level: start.level, msg: start.msg, app: start.app, kind: start.kind, callee: start.callee, display: start.display },
    { level: 'info', msg: 'call accepted', app: p.app.appKey, kind: 'notify', callee: `${TEST_PREFIX}01`, display: p.numbers[0] },
  );
  assert.match(start.time, ISO);

  await t.run(60_000);
  const end = await log.waitFor('call.ended', (l) => l.event === 'call.ended' && l.sessionId === sessionId);
  assert.equal(end.level, 'info');
  assert.equal(end.outcome, 'answered');
  assert.equal(end.app, p.app.appKey);
  assert.equal(typeof end.stateCode, 'number');
  assert.equal(typeof end.reason, 'string');
  assert.ok(end.aTalkMs > 0 && end.durationMs >= end.aTalkMs, JSON.stringify(end));
});

test('a callback names both parties when accepted and times both legs when it ends', async () => {
  const p = await app();
  const res = await callback(p);
  accepted(res);
  const sessionId = (res.body as { sessionId: string }).sessionId;
  const start = await log.waitFor('call.accepted', (l) => l.event === 'call.accepted' && l.sessionId === sessionId);
  assert.deepEqual([start.kind, start.caller, start.callee, start.display, start.displayCallee], ['callback', '+8613800000001', '+8613800000002', p.numbers[0], p.numbers[1]]);
  await t.run(120_000);
  const end = await log.waitFor('call.ended', (l) => l.event === 'call.ended' && l.sessionId === sessionId);
  assert.equal(end.outcome, 'answered');
  assert.ok(end.aTalkMs > 0 && end.bRingMs >= 0 && end.bTalkMs > 0, JSON.stringify(end));
});

test('a refused request: result code, its whole reason (resultdesc is cut), app, IP and route', async () => {
  const p = await app();
  const name = `${'n'.repeat(120)}.wav`;
  const res = await notify(p, { playInfoList: [{ notifyVoice: name }] });
  refused(res, RESULT.invalidRequest);
  const desc = (res.body as { resultdesc: string }).resultdesc;
  assert.equal([...desc].length, 128);
  assert.ok(desc.endsWith('...'));
  const line = await log.waitFor('request.refused', (l) => l.event === 'request.refused' && l.app === p.app.appKey);
  assert.equal(line.level, 'info');
  assert.equal(line.resultcode, '1010002');
  assert.equal(line.ip, '127.0.0.1');
  assert.equal(line.route, '/rest/httpsessions/callnotify/v2.0');
  assert.ok(line.reason.includes(`voice file "${name}" is not available to this app`), line.reason);
});

test('a push that fails is logged with its retry, and once more when it is given up', async () => {
  const p = await app();
  rx.respond((r) => (r.path === '/down' ? { status: 503, body: 'down for maintenance' } : { status: 200, body: '{"resultcode":"0"}' }));
  const sub = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/down`, format: 'huawei', retrySchedule: [1000] });
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  accepted(await notify(p, { calleeNbr: `${TEST_PREFIX}02` }));
  await t.run(30_000);
  const retry = await log.waitFor('push.retry', (l) => l.event === 'push.retry' && l.app === p.app.appKey);
  assert.deepEqual(
    { level: retry.level, url: retry.url, origin: retry.origin, path: retry.path, endpoint: retry.endpoint, httpStatus: retry.httpStatus, attempt: retry.attempt, format: retry.format },
    { level: 'info', url: undefined, origin: rx.url, path: '/down', endpoint: endpointId(`${rx.url}/down`), httpStatus: 503, attempt: 1, format: 'huawei' },
  );
  assert.match(retry.nextAt, ISO);
  const failed = await log.waitFor('push.failed', (l) => l.event === 'push.failed' && l.pushId === retry.pushId);
  assert.deepEqual({ level: failed.level, attempt: failed.attempt, httpStatus: failed.httpStatus, app: failed.app }, { level: 'warn', attempt: 2, httpStatus: 503, app: p.app.appKey });
  assert.ok(failed.sessionId);
});

test('push lines name the endpoint by id, origin and path: a token in the query or in user:pass@ is never logged', async () => {
  const p = await app();
  rx.respond((r) => (r.path.startsWith('/gone') ? { status: 410, body: 'gone' } : { status: 503, body: 'down' }));
  const port = new URL(rx.url).port;
  const withQuery = `${rx.url}/tok?token=QUERY-S3CRET-1`;
  const withUser = `http://hookuser:PASS-S3CRET-2@127.0.0.1:${port}/basic?sig=QUERY-S3CRET-3`;
  const gone = `${rx.url}/gone?token=QUERY-S3CRET-4`;
  secrets.push('QUERY-S3CRET-1', 'PASS-S3CRET-2', 'QUERY-S3CRET-3', 'QUERY-S3CRET-4', 'hookuser');
  for (const url of [withQuery, withUser, gone]) {
    const sub = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url, format: 'huawei', retrySchedule: [1000] });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
  }
  accepted(await notify(p, { calleeNbr: `${TEST_PREFIX}02` }));
  await t.run(30_000);
  for (const url of [withQuery, withUser]) {
    const u = new URL(url);
    const failed = await log.waitFor(`push.failed ${u.pathname}`, (l) => l.event === 'push.failed' && l.app === p.app.appKey && l.path === u.pathname);
    assert.deepEqual([failed.endpoint, failed.origin, failed.url], [endpointId(url), `http://127.0.0.1:${port}`, undefined]);
  }
  const paused = await log.waitFor('endpoint.paused', (l) => l.event === 'endpoint.paused' && l.path === '/gone');
  assert.deepEqual([paused.level, paused.endpoint, paused.origin], ['warn', endpointId(gone), rx.url]);
  for (const line of log.raw) assert.ok(!line.includes('S3CRET') && !line.includes('hookuser'), `a push URL's secret in: ${line}`);
});

test('an IP lockout: one line when it starts, one when it ends; the failing requests name the app they claim', async () => {
  const p = await app();
  // Signed by hand, so the digest sent is known and can be looked for in the logs.
  const forged = signedHeaders(p.app.appKey, 'not-the-secret', Date.now(), 'utc');
  secrets.push(/PasswordDigest="([^"]+)"/.exec(forged['x-aksk']!)![1]!);
  const first = await request(`${t.platform.url}/rest/httpsessions/callnotify/v2.0`, {
    method: 'POST', headers: { ...forged, 'content-type': 'application/json;charset=UTF-8' }, body: '{}',
  });
  assert.equal(((await first.body.json()) as { resultcode: string }).resultcode, '1010010');
  const forger = { ...p, client: new VoxcallClient({ baseUrl: t.platform.url, appKey: p.app.appKey, appSecret: 'wrong' }) };
  refused(await notify(forger), RESULT.invalidDigest);

  const started = await log.waitFor('lockout.started', (l) => l.event === 'lockout.started');
  assert.deepEqual({ level: started.level, ip: started.ip, failures: started.failures }, { level: 'warn', ip: '127.0.0.1', failures: 2 });
  assert.match(started.blockedUntil, ISO);
  const digestRefusal = await log.waitFor('request.refused 1010010', (l) => l.event === 'request.refused' && l.resultcode === '1010010');
  assert.equal(digestRefusal.claimedApp, p.app.appKey);
  assert.equal(digestRefusal.app, undefined);

  assert.equal((await call('DELETE', '/v1/lockouts/127.0.0.1')).status, 200);
  const ended = await log.waitFor('lockout.ended', (l) => l.event === 'lockout.ended');
  assert.deepEqual({ level: ended.level, ip: ended.ip, how: ended.how }, { level: 'info', ip: '127.0.0.1', how: 'cleared' });
});

test('no secret appears in any line (app secrets, admin token, X-AKSK digest)', () => {
  assert.ok(log.raw.length > 10, `${log.raw.length} lines`);
  assert.ok(secrets.length >= 6);
  for (const s of secrets) {
    for (const line of log.raw) assert.ok(!line.includes(s), `a secret in: ${line}`);
  }
});

test('the logger redacts secrets under every key that may carry them', () => {
  const out = new LogCapture();
  createLogger({ level: 'info', destination: out }).info({
    app: { appKey: 'k', appSecret: 'S3CRET-A', previousSecret: 'S3CRET-B' }, subscription: { secret: 'S3CRET-C' }, adminToken: 'T0KEN-A',
    headers: { authorization: 'Bearer T0KEN-B', 'x-aksk': 'UsernameToken PasswordDigest="D1GEST"' }, token: 'T0KEN-C',
  }, 'with secrets');
  const [line] = out.raw;
  for (const s of ['S3CRET', 'T0KEN', 'D1GEST']) assert.ok(!line!.includes(s), line);
  assert.equal(out.lines[0]!.app.appSecret, '[redacted]');
  assert.equal(out.lines[0]!.app.appKey, 'k');
});

test('JSON off a terminal; pretty, readable lines on one', () => {
  const json = new LogCapture();
  createLogger({ level: 'info', destination: json }).info({ sessionId: 's1' }, 'call accepted');
  assert.equal(json.lines[0]!.msg, 'call accepted');
  assert.match(json.lines[0]!.time, ISO);

  const tty = new LogCapture();
  tty.isTTY = true;
  createLogger({ level: 'info', destination: tty }).info({ sessionId: 's1' }, 'call accepted');
  const text = tty.raw.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
  assert.throws(() => JSON.parse(tty.raw[0]!));
  assert.match(text, /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d{4}\] INFO: call accepted/);
  assert.match(text, /sessionId: "s1"/);
});
