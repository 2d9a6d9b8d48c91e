// A test call refused by the call path (POST /v1/apps/:appKey/calls): a suspended app is refused
// with 1010008 (the policy's first check, not only the call API's authenticator), the answer's
// message is the whole reason (not the call API's 128-character resultdesc), and each refusal is
// logged as the call API's are: one `request.refused` line (docs/logs.md).

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { RESULT } from '../../src/api/result-codes.js';
import { createLogger } from '../../src/platform/logger.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

const ANSWERS = '+8613900000001';

/** Every JSON line the platform logs. */
class Lines extends Writable {
  readonly lines: Array<Record<string, any>> = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    for (const text of String(chunk).split('\n').filter(Boolean)) this.lines.push(JSON.parse(text) as Record<string, any>);
    done();
  }
  refused(): Array<Record<string, any>> {
    return this.lines.filter((l) => l.event === 'request.refused');
  }
}

const log = new Lines();
let t: TestPlatform;
const call = admin(() => t);

before(async () => {
  t = await startTestPlatform({ logger: createLogger({ level: 'info', destination: log }) });
});
after(async () => t.close());

async function newApp(name: string, number: string): Promise<string> {
  const created = await call('POST', '/v1/apps', { name, capabilities: ['notify'] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const appKey = created.body.appKey as string;
  assert.equal((await call('POST', `/v1/apps/${appKey}/numbers`, { number })).status, 201);
  return appKey;
}

test('a suspended app\'s test call is refused with 1010008 in the management shape, and placed once resumed', async () => {
  const appKey = await newApp('suspended-app', '+8675528300101');
  assert.equal((await call('POST', `/v1/apps/${appKey}/suspend`)).status, 200);
  const refused = await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: ANSWERS });
  assert.equal(refused.status, RESULT.appKeySuspended.http);
  assert.deepEqual(refused.body, { error: { code: '1010008', message: `The status of the app_key is unavailable. app ${appKey} is suspended` } });
  assert.deepEqual((await call('GET', `/v1/calls?appKey=${appKey}`)).body.calls, [], 'nothing placed');
  const line = log.refused().find((l) => l.app === appKey && l.resultcode === '1010008');
  assert.ok(line, 'a request.refused line');

  assert.equal((await call('POST', `/v1/apps/${appKey}/resume`)).status, 200);
  assert.equal((await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: ANSWERS })).status, 201);
});

test('a refusal\'s message is its whole reason, and its log line has the call API\'s shape', async () => {
  const appKey = await newApp('long-reason', '+8675528300102');
  const voice = `${'v'.repeat(120)}.wav`;
  const refused = await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: ANSWERS, voice });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, RESULT.invalidRequest.code);
  const message = refused.body.error.message as string;
  assert.ok(message.includes(`"${voice}"`), message);
  assert.ok(Array.from(message).length > 128, 'not cut to the resultdesc length');
  assert.doesNotMatch(message, /\.\.\.$/);

  const lines = log.refused().filter((l) => l.app === appKey);
  assert.equal(lines.length, 1);
  const { time: _t, pid: _p, hostname: _h, reqId: _r, ...line } = lines[0]!;
  assert.deepEqual(line, {
    level: 'info', event: 'request.refused', resultcode: '1010002', httpStatus: 403, reason: message,
    app: appKey, ip: '127.0.0.1', method: 'POST', route: '/v1/apps/:appKey/calls', msg: 'request refused',
  });
});
