// Every refusal of the API answers with the reference's result code and HTTP status, in the
// Huawei shape, over real HTTP; nothing half-written, no stack trace.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { encodeUrlParam, signedHeaders } from '../../src/client/index.js';
import type { App } from '../../src/domain/app.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

let t: TestPlatform;
before(async () => {
  t = await startTestPlatform();
});
after(async () => t.close());

async function post(path: string, body: string | object, opts: { app?: { appKey: string; appSecret: string }; headers?: Record<string, string> } = {}) {
  const app = opts.app ?? t.platform.demo;
  const res = await request(t.platform.url + path, {
    method: 'POST',
    headers: { ...signedHeaders(app.appKey, app.appSecret, Date.now(), 'beijing'), ...opts.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: JSON.parse(text) as Record<string, unknown> };
}

const CALLBACK = '/rest/httpsessions/click2Call/v2.0';
const NOTIFY = '/rest/httpsessions/callnotify/v2.0';
const VERIFY = '/rest/httpsessions/callVerify/v1.0';
const cb = { displayNbr: DEMO_NUMBERS[0], callerNbr: '+8613800000001', displayCalleeNbr: DEMO_NUMBERS[1], calleeNbr: '+8613800000002' };
const nt = { displayNbr: DEMO_NUMBERS[0], calleeNbr: '+8613800000002', playInfoList: [{ notifyVoice: 'welcome.wav' }] };
const vf = { displayNbr: DEMO_NUMBERS[0], calleeNbr: '+8613800000002', languageType: 2, preTone: 'welcome.wav', verifyCode: '1234' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

function refused(res: { status: number; body: Record<string, unknown> }, code: string, http: number, descPart?: string | RegExp) {
  assert.equal(res.body.resultcode, code, JSON.stringify(res.body));
  assert.equal(res.status, http);
  assert.equal(res.body.sessionId, '');
  assert.ok(typeof res.body.resultdesc === 'string' && res.body.resultdesc.length <= 128);
  if (descPart) assert.match(res.body.resultdesc as string, typeof descPart === 'string' ? new RegExp(descPart.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : descPart);
}

describe('validation refusals (1010002, 403)', () => {
  const cases: Array<[string, string, string | object, string]> = [
    ['malformed JSON', CALLBACK, '{"displayNbr":', 'not valid JSON'],
    ['a body that is not an object', CALLBACK, '[1,2]', 'must be of type object'],
    ['a missing required field', CALLBACK, { ...cb, calleeNbr: undefined }, 'calleeNbr is required'],
    ['a wrong type', CALLBACK, { ...cb, maxDuration: '5' }, 'maxDuration must be of type integer'],
    ['a number without +country', CALLBACK, { ...cb, callerNbr: '13800000001' }, 'callerNbr must be +{country code}'],
    ['a number too long', CALLBACK, { ...cb, calleeNbr: '+86' + '1'.repeat(29) }, 'calleeNbr must be at most 31'],
    ['an enumeration', CALLBACK, { ...cb, lastMinToUE: 'all' }, 'lastMinToUE must be one of "toa", "tob", "both"'],
    ['a boolean that is not the string', CALLBACK, { ...cb, recordFlag: true }, 'recordFlag must be of type string'],
    ['maxDuration above 1440', CALLBACK, { ...cb, maxDuration: 1441 }, 'maxDuration must be <= 1440'],
    ['statusUrl not Base64', CALLBACK, { ...cb, statusUrl: 'http://x/y' }, 'statusUrl must be the Base64'],
    ['feeUrl with a forbidden character', CALLBACK, { ...cb, feeUrl: b64('http://127.0.0.1:9/fee?x=1') }, "feeUrl may contain only"],
    ['statusUrl over 128 bytes', CALLBACK, { ...cb, statusUrl: b64('http://h/' + 'a'.repeat(125)) }, 'more than 128 bytes'],
    ['statusUrl not http(s)', CALLBACK, { ...cb, statusUrl: b64('ftp://host/x') }, 'http or https'],
    ['userData with braces', CALLBACK, { ...cb, userData: '{"a":1}' }, 'may not contain "{"'],
    ['userData in Chinese', CALLBACK, { ...cb, userData: '客户' }, 'Base64-encode'],
    ['userData over 256', CALLBACK, { ...cb, userData: 'x'.repeat(257) }, 'userData must be at most 256'],
    ['no play item', NOTIFY, { ...nt, playInfoList: [] }, 'playInfoList must have at least 1'],
    ['six play items', NOTIFY, { ...nt, playInfoList: Array(6).fill({ notifyVoice: 'welcome.wav' }) }, 'at most 5'],
    ['an item with both a file and a template', NOTIFY, { ...nt, playInfoList: [{ notifyVoice: 'welcome.wav', templateId: 'test_template', templateParas: ['1', 'x'] }] }, 'exactly one of'],
    ['an item with neither', NOTIFY, { ...nt, playInfoList: [{ collectInd: 2 }] }, 'exactly one of'],
    ['a template without templateParas', NOTIFY, { ...nt, playInfoList: [{ templateId: 'test_template' }] }, 'templateParas is required'],
    ['templateParas with $', NOTIFY, { ...nt, playInfoList: [{ templateId: 'test_template', templateParas: ['1', 'a$b'] }] }, 'may not contain "$"'],
    ['eleven templateParas', NOTIFY, { ...nt, playInfoList: [{ templateId: 'test_template', templateParas: Array(11).fill('1') }] }, 'at most 10'],
    ['collectInd 33', NOTIFY, { ...nt, playInfoList: [{ notifyVoice: 'welcome.wav', collectInd: 33 }] }, 'collectInd must be <= 32'],
    ['an unknown voice file', NOTIFY, { ...nt, playInfoList: [{ notifyVoice: 'nope.wav' }] }, 'voice file "nope.wav"'],
    ['an unknown template', NOTIFY, { ...nt, playInfoList: [{ templateId: 'nope', templateParas: ['1'] }] }, 'template "nope"'],
    ['a one-digit code', VERIFY, { ...vf, verifyCode: '1' }, 'verifyCode must be 2 to 8 digits'],
    ['a nine-digit code', VERIFY, { ...vf, verifyCode: '123456789' }, 'verifyCode must be 2 to 8 digits'],
    ['a code with a letter', VERIFY, { ...vf, verifyCode: '12a4' }, 'verifyCode must be 2 to 8 digits'],
    ['times 10', VERIFY, { ...vf, times: 10 }, 'times must be <= 9'],
    ['languageType 1', VERIFY, { ...vf, languageType: 1 }, 'languageType must be 2'],
    ['preTone missing', VERIFY, { ...vf, preTone: undefined }, 'preTone is required'],
  ];
  for (const [name, path, body, desc] of cases) {
    test(name, async () => refused(await post(path, body), '1010002', 403, desc));
  }

  test('an oversized body', async () => refused(await post(CALLBACK, { ...cb, pad: 'x'.repeat(70_000) }), '1010002', 403, 'larger than'));
  test('a non-JSON content type', async () =>
    refused(await post(CALLBACK, 'displayNbr=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), '1010002', 403, 'Content-Type'));
  test('callStop with another signal', async () => {
    const res = await post('/rest/httpsessions/callStop/v2.0', { sessionid: 'x', signal: 'stop' });
    assert.equal(res.body.resultcode, '1010002');
    assert.equal(res.body.sessionId, undefined, 'callStop answers carry no sessionId');
  });
});

describe('template and policy refusals', () => {
  test('templateParas that do not fit the template: 1012005', async () => {
    for (const paras of [['123', 'x'], ['1'], ['a', 'x'], ['1', 'x', 'y']]) {
      refused(await post(NOTIFY, { ...nt, playInfoList: [{ templateId: 'test_template', templateParas: paras }] }), '1012005', 403, /^\$\{(NUM_2|TXT_32)\}|^value 3/);
    }
  });

  test('a display number the app does not own: 1010023', async () =>
    refused(await post(CALLBACK, { ...cb, displayNbr: '+8601000000000' }), '1010023', 403, 'displayNbr'));

  test('a capability the app lacks (1010040), recording off (1012012), no free port (1020165)', async () => {
    const limited: App = {
      appKey: 'limitedapp', appSecret: 'limited-secret', spId: 'sp2', name: 'limited', status: 'active',
      capabilities: ['callback'], recordingEnabled: false, portQuota: 1, createdAt: 0,
    };
    await t.platform.store.apps.put(limited);
    await t.platform.store.apps.putNumber({ number: '+8602000000001', appKey: 'limitedapp', status: 'active' });
    const app = { appKey: limited.appKey, appSecret: limited.appSecret };
    const own = { ...cb, displayNbr: '+8602000000001', displayCalleeNbr: '+8602000000001' };
    refused(await post(VERIFY, { ...vf, displayNbr: '+8602000000001' }, { app }), '1010040', 403);
    refused(await post(CALLBACK, { ...own, recordFlag: 'true' }, { app }), '1012012', 403);
    const first = await post(CALLBACK, { ...own, callerNbr: '+8613900000009', returnIdlePort: 'true' }, { app });
    assert.equal(first.body.resultcode, '0');
    assert.equal(first.body.idlePort, 0);
    refused(await post(CALLBACK, own, { app }), '1020165', 403);
    const calls = await t.platform.store.calls.unfinished();
    assert.equal(calls.filter((c) => c.appKey === 'limitedapp').length, 1, 'refused calls stored nothing');
    // The port comes back when the call ends: the next call is admitted.
    const stop = await post('/rest/httpsessions/callStop/v2.0', { sessionid: first.body.sessionId, signal: 'call_stop' }, { app });
    assert.equal(stop.body.resultcode, '0');
    await t.run(2_000);
    await t.platform.engine.idle();
    const next = await post(CALLBACK, { ...own, callerNbr: '+8613900000009', returnIdlePort: 'true' }, { app });
    assert.equal(next.body.resultcode, '0', JSON.stringify(next.body));
    assert.equal(next.body.idlePort, 0);
    const rec = await request(`${t.platform.url}/rest/provision/voice/record/v1.0?fileName=a.wav&recordDomain=x`, {
      headers: signedHeaders(app.appKey, app.appSecret, Date.now(), 'utc'),
    });
    assert.equal(rec.statusCode, 403);
    assert.equal(((await rec.body.json()) as { resultcode: string }).resultcode, '1012012');
  });

  test('a suspended app: 1010008', async () => {
    await t.platform.store.apps.put({
      appKey: 'pausedapp', appSecret: 's', spId: 'sp3', name: 'paused', status: 'suspended', capabilities: ['notify'], recordingEnabled: false, portQuota: 1, createdAt: 0,
    });
    refused(await post(NOTIFY, nt, { app: { appKey: 'pausedapp', appSecret: 's' } }), '1010008', 403);
  });
});

describe('authentication over HTTP', () => {
  test('no Authorization: 1023006 (400); a wrong secret: 1010010 (401); an unknown app key: 1010003', async () => {
    const bare = await request(t.platform.url + CALLBACK, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cb) });
    assert.equal(bare.statusCode, 400);
    assert.equal(((await bare.body.json()) as { resultcode: string }).resultcode, '1023006');
    refused(await post(CALLBACK, cb, { app: { appKey: t.platform.demo.appKey, appSecret: 'wrong' } }), '1010010', 401);
    refused(await post(CALLBACK, cb, { app: { appKey: 'nosuchapp', appSecret: 'x' } }), '1010003', 403);
  });

  test('an unknown API or method: 1010006', async () => {
    const res = await request(t.platform.url + '/rest/httpsessions/click2Call/v9.0', { method: 'POST', body: '{}' });
    assert.equal(res.statusCode, 403);
    assert.equal(((await res.body.json()) as { resultcode: string }).resultcode, '1010006');
    const get = await request(t.platform.url + CALLBACK);
    assert.equal(((await get.body.json()) as { resultcode: string }).resultcode, '1010006');
  });
});

test('the encoded push URLs are accepted when empty, as the reference example sends them', async () => {
  const res = await post(NOTIFY, { ...nt, statusUrl: '', feeUrl: '', userData: 'testUserData' });
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  const ok = await post(NOTIFY, { ...nt, statusUrl: encodeUrlParam('http://127.0.0.1:9/voice/status') });
  assert.equal(ok.body.resultcode, '0', JSON.stringify(ok.body));
});
