// The client library against a real socket: each API's method, path, headers and body, and its
// signed headers accepted by the server's authenticate().

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VoxcallClient, VoxcallClientError, decodeUrlParam, encodeUrlParam, type CallNotifyBody } from '../../src/client/index.js';
import { ApiError } from '../../src/api/errors.js';
import { setup } from '../api/auth-helpers.js';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string; authError?: string }

const env = setup();
const seen: Seen[] = [];
let reply: (req: Seen, res: ServerResponse) => void = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify({ resultcode: '0', resultdesc: 'Success', sessionId: 's1' }));
};

const server = createServer((req, res) => void handle(req, res));
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += chunk;
  const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body };
  try {
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
    await env.authenticate({ authorization: one(req.headers['authorization']), xAksk: one(req.headers['x-aksk']), ip: req.socket.remoteAddress ?? '' });
  } catch (e) {
    s.authError = e instanceof ApiError ? e.resultcode : String(e);
  }
  seen.push(s);
  reply(s, res);
}
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const client = new VoxcallClient({ baseUrl, appKey: env.app.appKey, appSecret: env.app.appSecret, clock: env.clock });
after(async () => {
  await client.close();
  await new Promise((r) => server.close(r));
});

function last(): Seen {
  const s = seen.at(-1);
  assert.ok(s);
  return s;
}

test('click2Call: POST /rest/httpsessions/click2Call/v2.0, signed, JSON body', async () => {
  const body = {
    displayNbr: '+8675528000001', callerNbr: '+8613500000002', displayCalleeNbr: '+8675528000001', calleeNbr: '+8613500000004',
    maxDuration: 10, recordFlag: 'true' as const, statusUrl: encodeUrlParam('https://sp.example.com/status'), userData: 'cwgtest',
  };
  const res = await client.click2Call(body);
  assert.deepEqual(res, { status: 200, body: { resultcode: '0', resultdesc: 'Success', sessionId: 's1' } });
  const s = last();
  assert.equal(s.authError, undefined, 'the server accepted the signature');
  assert.equal(s.method, 'POST');
  assert.equal(s.url, '/rest/httpsessions/click2Call/v2.0');
  assert.equal(s.headers['content-type'], 'application/json;charset=UTF-8');
  assert.equal(s.headers['authorization'], 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"');
  assert.match(String(s.headers['x-aksk']), /^UsernameToken Username="[^"]+",PasswordDigest="[^"]+",Nonce="[0-9A-F]{32}",Created="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/);
  assert.deepEqual(JSON.parse(s.body), body);
});

test('callStop: sessionid and signal call_stop', async () => {
  await client.callStop('1200_366_0_20161228102743@callenabler.home1.com');
  const s = last();
  assert.equal(s.authError, undefined);
  assert.equal(s.url, '/rest/httpsessions/callStop/v2.0');
  assert.deepEqual(JSON.parse(s.body), { sessionid: '1200_366_0_20161228102743@callenabler.home1.com', signal: 'call_stop' });
});

test('callNotify: version in the path, default v2.0', async () => {
  const body: CallNotifyBody = {
    displayNbr: '+8675528000001', calleeNbr: '+8613500000004',
    playInfoList: [{ templateId: 'test_template', templateParas: ['3', 'park'], collectInd: 5 }],
  };
  await client.callNotify(body);
  assert.equal(last().url, '/rest/httpsessions/callnotify/v2.0');
  assert.equal(last().authError, undefined);
  assert.deepEqual(JSON.parse(last().body), body);
  await client.callNotify(body, 'v3.0');
  assert.equal(last().url, '/rest/httpsessions/callnotify/v3.0');
});

test('callVerify: POST /rest/httpsessions/callVerify/v1.0', async () => {
  const body = { displayNbr: '+8675528000001', calleeNbr: '+8618900000007', languageType: 2, preTone: 'welcome.wav', verifyCode: '12345678', times: 3 };
  await client.callVerify(body);
  assert.equal(last().url, '/rest/httpsessions/callVerify/v1.0');
  assert.equal(last().authError, undefined);
  assert.deepEqual(JSON.parse(last().body), body);
});

test('every request has a fresh nonce, so back-to-back requests all authenticate', async () => {
  const before = seen.length;
  await Promise.all([1, 2, 3, 4, 5].map(() => client.callStop('s')));
  const batch = seen.slice(before);
  assert.equal(batch.filter((s) => s.authError === undefined).length, 5);
  const nonces = new Set(batch.map((s) => /Nonce="([^"]+)"/.exec(String(s.headers['x-aksk']))![1]));
  assert.equal(nonces.size, 5);
});

test('Created in UTC and in Beijing time both authenticate', async () => {
  for (const createdIn of ['utc', 'beijing'] as const) {
    const c = new VoxcallClient({ baseUrl, appKey: env.app.appKey, appSecret: env.app.appSecret, clock: env.clock, createdIn });
    await c.callStop('s');
    await c.close();
    assert.equal(last().authError, undefined, createdIn);
    const created = /Created="([^"]+)"/.exec(String(last().headers['x-aksk']))![1]!;
    const expected = new Date(env.clock.now() + (createdIn === 'beijing' ? 8 * 3600_000 : 0)).toISOString().replace(/\.\d+Z$/, 'Z');
    assert.equal(created, expected);
  }
});

test('a wrong secret is refused by the server with 1010010', async () => {
  const c = new VoxcallClient({ baseUrl, appKey: env.app.appKey, appSecret: 'wrong', clock: env.clock });
  await c.callStop('s');
  await c.close();
  assert.equal(last().authError, '1010010');
  await env.guard.release('127.0.0.1');
});

test('recordingUrl: GET with the query, redirect not followed, Location returned', async () => {
  reply = (_req, res) => {
    // Points back at this server, so a followed redirect would show up in `seen`.
    res.writeHead(301, { location: `${baseUrl}records/a.wav?token=x`, connection: 'close' });
    res.end();
  };
  const res = await client.recordingUrl('1200_366_0_20161228102743.wav', 'huawei');
  assert.deepEqual(res, { status: 301, location: `${baseUrl}records/a.wav?token=x`, body: undefined });
  const s = last();
  assert.equal(s.method, 'GET');
  assert.equal(s.url, '/rest/provision/voice/record/v1.0?fileName=1200_366_0_20161228102743.wav&recordDomain=huawei');
  assert.equal(s.headers['content-type'], 'application/json;charset=UTF-8');
  assert.equal(s.authError, undefined);
  assert.equal(seen.filter((x) => x.url.startsWith('/records/')).length, 0, 'redirect not followed');
});

test('recordingUrl: an error answer carries its result body', async () => {
  reply = (_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ resultcode: '1012007', resultdesc: 'The record does not exist.' }));
  };
  const res = await client.recordingUrl('nope.wav', 'huawei');
  assert.deepEqual(res, { status: 403, location: undefined, body: { resultcode: '1012007', resultdesc: 'The record does not exist.' } });
});

test('an answer that is not the JSON result body throws VoxcallClientError', async () => {
  reply = (_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html>Bad gateway</html>');
  };
  await assert.rejects(client.callStop('s'), (e: unknown) => e instanceof VoxcallClientError && e.status === 502 && e.bodyText.includes('Bad gateway'));
  reply = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };
  await assert.rejects(client.callStop('s'), VoxcallClientError);
});

test('encodeUrlParam is Base64 of the URL and round-trips', () => {
  assert.equal(encodeUrlParam('https://sp.example.com:8443/status'), 'aHR0cHM6Ly9zcC5leGFtcGxlLmNvbTo4NDQzL3N0YXR1cw==');
  assert.equal(decodeUrlParam(encodeUrlParam('https://sp.example.com/fee')), 'https://sp.example.com/fee');
});
