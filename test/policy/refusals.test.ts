// Each refusal of the call policy end to end: configured through the management API, triggered
// through the Huawei API with the project's client, answered with its exact code and HTTP status;
// a refused call stores nothing and counts nothing.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RESULT } from '../../src/api/result-codes.js';
import { takeFor } from '../../src/policy/windows.js';
import { usePlatform } from '../helpers/platform.js';
import { accepted, callback, freshApp, manage, notify, refused, storedCalls, verify } from './helpers.js';

const ctx = usePlatform();
const admin = manage(() => ctx.t);
const DAY = { max: 1, windowS: 86400 };

async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const answer = await res;
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  return answer.body;
}

describe('client IP allow list (1020166)', () => {
  test('a request from outside the list is refused; from inside it is placed', async () => {
    const outside = await freshApp(ctx.t, { allowedClientIps: ['10.0.0.0/8', '2001:db8::1'] });
    refused(await notify(outside), RESULT.ipNotWhitelisted);
    assert.equal(await storedCalls(ctx.t, outside.app.appKey), 0);
    const inside = await freshApp(ctx.t, { allowedClientIps: ['192.0.2.7', '127.0.0.0/24'] });
    accepted(await notify(inside));
  });
});

describe('number lists', () => {
  test('caller blacklist (1013010): a callback callerNbr, per app', async () => {
    const p = await freshApp(ctx.t);
    await ok(admin('PUT', `/v1/apps/${p.app.appKey}/lists/callerBlacklist/+8613811110001`), 201);
    refused(await callback(p, { callerNbr: '+8613811110001' }), RESULT.callerBlacklisted);
    accepted(await callback(p, { callerNbr: '+8613811110002' }));
    assert.equal(await storedCalls(ctx.t, p.app.appKey), 1);
  });

  test('caller blacklist (1013010): the displayNbr of a notification, platform-wide', async () => {
    const p = await freshApp(ctx.t);
    await ok(admin('PUT', `/v1/lists/callerBlacklist/${p.numbers[0]}`), 201);
    refused(await notify(p), RESULT.callerBlacklisted);
    refused(await verify(p), RESULT.callerBlacklisted);
    await ok(admin('DELETE', `/v1/lists/callerBlacklist/${p.numbers[0]}`), 204);
    accepted(await notify(p));
  });

  test('callee blacklist (1013004): per app and platform-wide, every service', async () => {
    const p = await freshApp(ctx.t);
    await ok(admin('PUT', `/v1/apps/${p.app.appKey}/lists/calleeBlacklist/+8613811110003`), 201);
    await ok(admin('PUT', '/v1/lists/calleeBlacklist/+8613811110004'), 201);
    refused(await callback(p, { calleeNbr: '+8613811110003' }), RESULT.calleeBlacklisted);
    refused(await notify(p, { calleeNbr: '+8613811110004' }), RESULT.calleeBlacklisted);
    refused(await verify(p, { calleeNbr: '+8613811110004' }), RESULT.calleeBlacklisted);
    const other = await freshApp(ctx.t);
    accepted(await notify(other, { calleeNbr: '+8613811110003' }));
    assert.equal(await storedCalls(ctx.t, p.app.appKey), 0);
  });

  test('whitelist mode (1013011): only listed callees, from the app or the platform list', async () => {
    const p = await freshApp(ctx.t);
    accepted(await notify(p, { calleeNbr: '+8613811110005' }));
    await ok(admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, { whitelistMode: true }));
    refused(await notify(p, { calleeNbr: '+8613811110005' }), RESULT.calleeNotWhitelisted);
    await ok(admin('PUT', `/v1/apps/${p.app.appKey}/lists/calleeWhitelist/+8613811110005`), 201);
    await ok(admin('PUT', '/v1/lists/calleeWhitelist/+8613811110006'), 201);
    accepted(await notify(p, { calleeNbr: '+8613811110005' }));
    accepted(await callback(p, { calleeNbr: '+8613811110006' }));
    const other = await freshApp(ctx.t);
    accepted(await notify(other, { calleeNbr: '+8613811110007' })); // whitelist mode is per app
  });

  test('platform whitelist mode applies to every app and an app cannot turn it off', async () => {
    const p = await freshApp(ctx.t);
    await ok(admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, { whitelistMode: false }));
    await ok(admin('PATCH', '/v1/limits', { whitelistMode: true }));
    try {
      refused(await notify(p, { calleeNbr: '+8613811110008' }), RESULT.calleeNotWhitelisted);
      accepted(await notify(p, { calleeNbr: '+8613811110006' }));
    } finally {
      await ok(admin('PATCH', '/v1/limits', { whitelistMode: null }));
    }
    accepted(await notify(p, { calleeNbr: '+8613811110008' }));
  });
});

describe('call limits', () => {
  test('calls per SP (1013001): two apps of one SP share the platform limit', async () => {
    const a = await freshApp(ctx.t, { spId: 'shared-sp' });
    const b = await freshApp(ctx.t, { spId: 'shared-sp' });
    await ok(admin('PATCH', `/v1/apps/${a.app.appKey}/limits`, { spCalls: DAY }));
    await ok(admin('PATCH', `/v1/apps/${b.app.appKey}/limits`, { spCalls: DAY }));
    accepted(await notify(a));
    refused(await notify(b), RESULT.spCallLimit);
  });

  test('calls per app (1013002)', async () => {
    const p = await freshApp(ctx.t);
    await ok(admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, { appCalls: { max: 2, windowS: 86400 } }));
    accepted(await notify(p));
    accepted(await verify(p));
    refused(await callback(p), RESULT.appCallLimit);
    assert.equal(await storedCalls(ctx.t, p.app.appKey), 2);
  });

  test('calls per display number (1013003): counted per number', async () => {
    const p = await freshApp(ctx.t);
    await ok(admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, { displayNumberCalls: DAY }));
    accepted(await notify(p));
    refused(await verify(p), RESULT.displayNumberCallLimit);
    accepted(await verify(p, { displayNbr: p.numbers[1] }));
  });

  test('frequency per caller (1013116), callee (1013117), service number (1013118)', async () => {
    const caller = await freshApp(ctx.t);
    await ok(admin('PATCH', `/v1/apps/${caller.app.appKey}/limits`, { callerFrequency: { max: 1, windowS: 60 } }));
    accepted(await callback(caller, { callerNbr: '+8613822220001' }));
    refused(await callback(caller, { callerNbr: '+8613822220001' }), RESULT.callerFrequencyLimit);
    accepted(await callback(caller, { callerNbr: '+8613822220002' }));

    const callee = await freshApp(ctx.t);
    await ok(admin('PATCH', `/v1/apps/${callee.app.appKey}/limits`, { calleeFrequency: { max: 1, windowS: 60 } }));
    accepted(await notify(callee, { calleeNbr: '+8613822220003' }));
    refused(await verify(callee, { calleeNbr: '+8613822220003' }), RESULT.calleeFrequencyLimit);

    const service = await freshApp(ctx.t);
    await ok(admin('PATCH', `/v1/apps/${service.app.appKey}/limits`, { serviceNumberFrequency: { max: 1, windowS: 60 } }));
    accepted(await notify(service, { calleeNbr: '+8613822220004' }));
    refused(await notify(service, { calleeNbr: '+8613822220005' }), RESULT.serviceNumberFrequencyLimit);
  });

  test('a refused call counts nothing; a call refused after the counters gives them back', async () => {
    const p = await freshApp(ctx.t, { portQuota: 1 });
    const appCalls = { max: 5, windowS: 86400 };
    await ok(admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, { appCalls, calleeFrequency: { max: 1, windowS: 3600 } }));
    await ok(admin('PUT', `/v1/apps/${p.app.appKey}/lists/calleeBlacklist/+8613822220006`), 201);
    const counted = async () => {
      const k = takeFor('app', p.app.appKey, appCalls, ctx.t.clock.now());
      return ctx.t.platform.store.policy.count(k.scope, k.key, k.windowStart);
    };
    refused(await notify(p, { calleeNbr: '+8613822220006' }), RESULT.calleeBlacklisted);
    assert.equal(await counted(), 0, 'a list refusal counts nothing');
    accepted(await notify(p, { calleeNbr: '+8613900000009' }));
    assert.equal(await counted(), 1);
    refused(await notify(p, { calleeNbr: '+8613900000009' }), RESULT.calleeFrequencyLimit);
    assert.equal(await counted(), 1, 'a limit refusal takes no other counter');
    refused(await notify(p, { calleeNbr: '+8613822220007' }), RESULT.portLimit);
    assert.equal(await counted(), 1, 'the port refusal gave the counters back');
    const k = takeFor('callee', '+8613822220007', { max: 1, windowS: 3600 }, ctx.t.clock.now());
    assert.equal(await ctx.t.platform.store.policy.count(k.scope, k.key, k.windowStart), 0);
    assert.equal(await storedCalls(ctx.t, p.app.appKey), 1);
  });
});

describe('international calls', () => {
  test('callin (1013111) judges the calling side, callout (1013112) the callee', async () => {
    const p = await freshApp(ctx.t);
    accepted(await callback(p, { callerNbr: '+14155550101', calleeNbr: '+447700900001' }));
    await ok(admin('PUT', `/v1/apps/${p.app.appKey}/limits/international`, { callin: false, callout: false }));
    refused(await callback(p, { callerNbr: '+14155550101' }), RESULT.internationalCallinForbidden);
    refused(await notify(p, { calleeNbr: '+447700900001' }), RESULT.internationalCalloutForbidden);
    refused(await callback(p, { calleeNbr: '+447700900001' }), RESULT.internationalCalloutForbidden);
    accepted(await notify(p));
    await ok(admin('PUT', `/v1/apps/${p.app.appKey}/limits/international`, { callout: true }));
    accepted(await verify(p, { calleeNbr: '+447700900001' }));
  });
});

describe('API rate limits', () => {
  test('per app (1010009, 403): every request counts, valid or not', async () => {
    const p = await freshApp(ctx.t);
    await ok(admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, { apiRate: { max: 2, windowS: 60 } }));
    accepted(await notify(p));
    const invalid = await notify(p, { playInfoList: [] });
    assert.equal(invalid.body.resultcode, RESULT.invalidRequest.code);
    refused(await notify(p), RESULT.apiLimitReached);
    const stop = await p.client.callStop('nope');
    assert.equal(stop.body.resultcode, RESULT.apiLimitReached.code, 'callStop is an API request too');
    accepted(await notify(await freshApp(ctx.t)));
  });

  test('platform-wide (1010010 with HTTP 403, not the 401 of a bad digest)', async () => {
    const p = await freshApp(ctx.t);
    const q = await freshApp(ctx.t);
    await ok(admin('PATCH', '/v1/limits', { apiRate: { max: 2, windowS: 60 } }));
    try {
      accepted(await notify(p));
      accepted(await notify(q));
      const res = await notify(p);
      refused(res, RESULT.flowControlPlatform);
      assert.equal(res.status, 403);
    } finally {
      await ok(admin('PATCH', '/v1/limits', { apiRate: null }));
    }
    accepted(await notify(q));
  });
});
