// GET /metrics on a real platform: a call placed through the signed API, its pushes delivered to
// a real receiver, then the series that should have moved are read from the scrape.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { request } from 'undici';
import { encodeUrlParam, signedHeaders } from '../../src/client/index.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { callEnded } from '../helpers/expect.js';
import { startTestPlatform, usePlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';
import { families, find, parse, value } from './exposition.js';

const ctx = usePlatform();
const NOTIFY = '/rest/httpsessions/callnotify/v2.0';
const LISTENS = '+8613800000077';

async function get(path: string, headers: Record<string, string> = {}, base = ctx.t.platform.url) {
  const res = await request(base + path, { headers });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

const scrape = async () => {
  const res = await get('/metrics', { authorization: `Bearer ${ctx.t.platform.adminToken}` });
  assert.equal(res.status, 200, res.text);
  return res;
};

describe('GET /metrics', () => {
  test('refuses a scrape without the admin token, or with a wrong one', async () => {
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer not-the-admin-token' }, { authorization: ctx.t.platform.adminToken }];
    for (const headers of tries) {
      const res = await get('/metrics', headers);
      assert.equal(res.status, 401);
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="voxcall"');
      assert.equal(JSON.parse(res.text).error.code, 'VX.UNAUTHORIZED');
      assert.doesNotMatch(res.text, /voxcall_/);
    }
  });

  test('a call and its pushes move the push, queue and API series', async () => {
    const { client, platform } = ctx.t;
    const urls = { statusUrl: encodeUrlParam(`${ctx.rx.url}/status`), feeUrl: encodeUrlParam(`${ctx.rx.url}/fee`) };
    const placed = await client.callNotify({ displayNbr: DEMO_NUMBERS[0]!, calleeNbr: LISTENS, playInfoList: [{ notifyVoice: 'welcome.wav' }], ...urls } as never);
    assert.equal(placed.body.resultcode, '0', JSON.stringify(placed.body));
    // A refusal on the same route: a signed request whose body lacks calleeNbr.
    const refused = await request(platform.url + NOTIFY, {
      method: 'POST',
      headers: signedHeaders(platform.demo.appKey, platform.demo.appSecret, Date.now(), 'beijing'),
      body: JSON.stringify({ displayNbr: DEMO_NUMBERS[0], playInfoList: [{ notifyVoice: 'welcome.wav' }] }),
    });
    const refusal = (await refused.body.json()) as { resultcode: string };
    assert.equal(refusal.resultcode, '1010002');
    // The management API's refusal carries its VX code.
    assert.equal((await get('/v1/apps')).status, 401);

    await ctx.t.run(120_000);
    // Every push of the call received (the CDR may overtake the disconnect), then every attempt
    // recorded (the receiver sees a push before the dispatcher records its answer): the scrape
    // below counts both.
    await ctx.rx.until(callEnded(placed.body.sessionId as string));
    await ctx.t.idle();
    const status = ctx.rx.on('/status').length;
    assert.deepEqual(ctx.rx.on('/status').map((p) => p.body.eventType), ['callout', 'alerting', 'answer', 'disconnect']);

    const res = await scrape();
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const s = parse(res.text);

    // Pushes: every one delivered at its first attempt.
    assert.equal(value(s, 'voxcall_push_attempts_total', { format: 'huawei', kind: 'status', outcome: 'ok' }), status);
    assert.equal(value(s, 'voxcall_push_attempts_total', { format: 'huawei', kind: 'record', outcome: 'ok' }), 1);
    assert.equal(value(s, 'voxcall_push_outcomes_total', { format: 'huawei', kind: 'status', outcome: 'delivered' }), status);
    assert.equal(value(s, 'voxcall_push_outcomes_total', { format: 'huawei', kind: 'record', outcome: 'delivered' }), 1);
    assert.equal(find(s, 'voxcall_push_attempt_errors_total').length, 0);
    assert.equal(value(s, 'voxcall_push_attempt_duration_seconds_count', { format: 'huawei' }), status + 1);
    assert.equal(value(s, 'voxcall_push_attempt_duration_seconds_bucket', { format: 'huawei', le: '+Inf' }), status + 1);
    assert.ok(value(s, 'voxcall_push_attempt_duration_seconds_sum', { format: 'huawei' })! > 0);

    // The store's view: nothing left queued, every push counted delivered (first read: fresh).
    assert.equal(value(s, 'voxcall_push_queue_depth'), 0);
    assert.equal(value(s, 'voxcall_push_queue_due'), 0);
    assert.equal(value(s, 'voxcall_push_oldest_due_age_seconds'), 0);
    assert.equal(value(s, 'voxcall_pushes', { state: 'delivered' }), status + 1);
    assert.equal(value(s, 'voxcall_pushes', { state: 'queued' }), 0);
    assert.equal(find(s, 'voxcall_metrics_collect_errors_total').length, 0);
    assert.equal(value(s, 'voxcall_endpoint_breakers', { state: 'open' }), 0);

    // API requests by route pattern and result code.
    const api = (route: string, status: string, resultcode: string) =>
      value(s, 'voxcall_api_requests_total', { route, method: 'POST', status, resultcode });
    assert.equal(api(NOTIFY, '200', '0'), 1);
    assert.equal(api(NOTIFY, String(refused.statusCode), '1010002'), 1);
    assert.equal(value(s, 'voxcall_api_requests_total', { route: '/v1/apps', method: 'GET', status: '401', resultcode: 'VX.UNAUTHORIZED' }), 1);
    assert.equal(value(s, 'voxcall_api_requests_total', { route: '/metrics', method: 'GET', status: '401', resultcode: 'VX.UNAUTHORIZED' }), 3);
    assert.equal(value(s, 'voxcall_api_request_duration_seconds_count', { route: NOTIFY, method: 'POST' }), 2);
    // Labels are patterns and catalogue codes, never URLs or free text.
    for (const x of find(s, 'voxcall_api_requests_total')) {
      assert.doesNotMatch(x.labels.route!, /\?/);
      assert.match(x.labels.resultcode!, /^(none|\d+|VX\.[A-Z_]+)$/);
    }
    // Process metrics come from the same, per-platform registry.
    assert.ok(find(s, 'process_cpu_user_seconds_total').length === 1);
  });

  test('an unknown path is counted under one route label, with its result code', async () => {
    assert.equal((await get('/no/such/path/12345')).status, 403); // 1010006, as the reference answers it
    const s = parse((await scrape()).text);
    assert.equal(value(s, 'voxcall_api_requests_total', { route: 'unmatched', method: 'GET', status: '403', resultcode: '1010006' }), 1);
    assert.equal(find(s, 'voxcall_api_requests_total').filter((x) => x.labels.route!.includes('12345')).length, 0);
  });

  test('docs/metrics.md tables every voxcall series the scrape declares, and no other', async () => {
    const declared = [...families((await scrape()).text)].filter(([name]) => name.startsWith('voxcall_'));
    const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `(voxcall_[a-z_]+)` \| (\w+) \|/gm)].map((m) => [m[1]!, m[2]!]));
    assert.deepEqual(new Map(declared), rows);
  });
});

test('VOXCALL_METRICS_PUBLIC=1: no token needed; an endpoint that fails shows its open breaker (a second platform in the same process)', async () => {
  const t = await startTestPlatform({ env: { VOXCALL_METRICS_PUBLIC: '1', VOXCALL_BREAKER_FAILURES: '1' } });
  const down = await new Receiver().start();
  down.respond(() => ({ status: 503 }));
  try {
    const placed = await t.client.callNotify({
      displayNbr: DEMO_NUMBERS[0]!, calleeNbr: LISTENS, playInfoList: [{ notifyVoice: 'welcome.wav' }], statusUrl: encodeUrlParam(`${down.url}/status`),
    } as never);
    assert.equal(placed.body.resultcode, '0', JSON.stringify(placed.body));
    await t.run(3_000);
    // The first push failed and its attempt is recorded; the open breaker holds the others back.
    await down.until((all) => all.length === 1);
    await t.idle();
    assert.equal(down.received.length, 1);

    const res = await get('/metrics', {}, t.platform.url);
    assert.equal(res.status, 200);
    const s = parse(res.text);
    const open = find(s, 'voxcall_endpoint_breaker_state', { state: 'open' });
    assert.equal(open.length, 1, res.text);
    assert.equal(open[0]!.value, 1);
    // Labelled by receiver: the app and the origin of its statusUrl (no path).
    assert.equal(open[0]!.labels.origin, new URL(down.url).origin);
    assert.ok(open[0]!.labels.app);
    assert.equal(value(s, 'voxcall_endpoint_breaker_state', { app: open[0]!.labels.app!, origin: open[0]!.labels.origin!, state: 'closed' }), 0);
    assert.equal(value(s, 'voxcall_endpoint_breakers', { state: 'open' }), 1);
    assert.equal(value(s, 'voxcall_push_attempt_errors_total', { format: 'huawei', class: 'non_2xx' }), 1);
    assert.equal(value(s, 'voxcall_push_outcomes_total', { format: 'huawei', kind: 'status', outcome: 'retry' }), 1);
    assert.equal(value(s, 'voxcall_push_queue_depth')! >= 1, true);
  } finally {
    await t.close();
    await down.close();
  }
});
