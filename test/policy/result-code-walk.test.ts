// Walks every result code of tables 4-5, 5-7 and 6-5: a code voxcall produces is triggered end
// to end through the Huawei API (real HTTP, the project's client where it can say it) and must
// come back with its code and HTTP status; a code it cannot produce must be listed, with a
// reason, in docs/policy.md. No code may be both, none neither.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { RESULT, RESULT_ENTRIES, type ResultName } from '../../src/api/result-codes.js';
import { VoxcallClient, signedHeaders, type ApiResponse } from '../../src/client/index.js';
import { createdUtc, newNonce, requestDigest, xAkskValue } from '../../src/lib/aksk.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { callback, freshApp, manage, notify, verify, type PolicyApp } from './helpers.js';

/** Codes of tables 4-10 (callStop) and 4-30 (recording download) only: not part of this walk. */
const OTHER_TABLES: ResultName[] = ['userNotActive', 'underTrafficControl', 'recordNotFound', 'invalidSessionId'];
const WALKED = RESULT_ENTRIES.filter((e) => !OTHER_TABLES.includes(e.name));
const NOTIFY = '/rest/httpsessions/callnotify/v2.0';

let t: TestPlatform;
let base: PolicyApp;
before(async () => {
  // Many deliberate authentication failures come from 127.0.0.1: the IP block gets its own platform.
  t = await startTestPlatform({ env: { VOXCALL_AUTH_MAX_FAILURES: '100000' } });
  base = await freshApp(t);
});
after(async () => t.close());
const admin = manage(() => t);

/** A request with headers as given (for the authentication codes, which the client never gets wrong). */
async function raw(path: string, headers: Record<string, string>, body: object = {}): Promise<ApiResponse> {
  const res = await request(t.platform.url + path, { method: 'POST', headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(body) });
  return { status: res.statusCode, body: JSON.parse(await res.body.text()) };
}
const nt = () => ({ displayNbr: base.numbers[0], calleeNbr: '+8613844440000', playInfoList: [{ notifyVoice: 'welcome.wav' }] });
const signed = () => signedHeaders(base.app.appKey, base.app.appSecret, Date.now(), 'beijing');
const AUTH = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"';
function xaksk(attrs: { Username?: string; PasswordDigest?: string; Nonce?: string; Created?: string }): string {
  return 'UsernameToken ' + Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${v}"`).join(',');
}
function goodAttrs() {
  const nonce = newNonce();
  const created = createdUtc(Date.now());
  return { Username: base.app.appKey, PasswordDigest: requestDigest(base.app.appSecret, nonce, created), Nonce: nonce, Created: created };
}
const authWith = (authorization: string) => raw(NOTIFY, { authorization, 'x-aksk': signed()['x-aksk']! }, nt());
const xakskWith = (value: string | undefined) => raw(NOTIFY, value === undefined ? { authorization: AUTH } : { authorization: AUTH, 'x-aksk': value }, nt());
const ok = async (p: Promise<{ status: number; body: unknown }>) => assert.ok((await p).status < 300, JSON.stringify((await p).body));

/** One way to make voxcall answer each produced code. */
const TRIGGERS: Partial<Record<ResultName, () => Promise<ApiResponse>>> = {
  success: () => notify(base),
  authFailed: () => raw(NOTIFY, { 'x-aksk': signed()['x-aksk']! }, nt()),
  realmMissing: () => authWith('AKSK profile="UsernameToken",type="Appkey"'),
  profileMissing: () => authWith('AKSK realm="SDP",type="Appkey"'),
  realmInvalid: () => authWith('AKSK realm="XYZ",profile="UsernameToken",type="Appkey"'),
  profileInvalid: () => authWith('AKSK realm="SDP",profile="Other",type="Appkey"'),
  typeInvalid: () => authWith('AKSK realm="SDP",profile="UsernameToken",type="Other"'),
  typeMissing: () => authWith('AKSK realm="SDP",profile="UsernameToken"'),
  xAkskMissing: () => xakskWith(undefined),
  usernameMissing: () => xakskWith(xaksk({ ...goodAttrs(), Username: undefined as never })),
  nonceMissing: () => xakskWith(xaksk({ ...goodAttrs(), Nonce: undefined as never })),
  createdMissing: () => xakskWith(xaksk({ ...goodAttrs(), Created: undefined as never })),
  passwordDigestMissing: () => xakskWith(xaksk({ ...goodAttrs(), PasswordDigest: undefined as never })),
  usernameTokenMissing: () => xakskWith(xaksk(goodAttrs()).replace('UsernameToken ', 'Token ')),
  invalidDigest: () => new VoxcallClient({ baseUrl: t.platform.url, appKey: base.app.appKey, appSecret: 'not-the-secret' }).callNotify(nt() as never),
  timeOutLimit: () => new VoxcallClient({ baseUrl: t.platform.url, appKey: base.app.appKey, appSecret: base.app.appSecret, clock: { now: () => Date.now() - 10 * 3600_000, setTimer: () => ({ cancel() {} }) } }).callNotify(nt() as never),
  invalidRequest: () => notify(base, { playInfoList: [] }),
  invalidAppKey: () => new VoxcallClient({ baseUrl: t.platform.url, appKey: 'no-such-app', appSecret: 'x' }).callNotify(nt() as never),
  invalidRestApi: () => raw('/rest/httpsessions/noSuchApi/v1.0', signed()),
  appKeySuspended: async () => notify(await freshApp(t, { status: 'suspended' })),
  apiLimitReached: async () => {
    const p = await freshApp(t);
    await ok(admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, { apiRate: { max: 1, windowS: 60 } }));
    await notify(p);
    return notify(p);
  },
  flowControlPlatform: async () => {
    await ok(admin('PATCH', '/v1/limits', { apiRate: { max: 0, windowS: 60 } }));
    try {
      return await notify(base);
    } finally {
      await ok(admin('PATCH', '/v1/limits', { apiRate: null }));
    }
  },
  invalidDisplayNumber: () => notify(base, { displayNbr: '+8601000000000' }),
  apiNotAllowed: async () => verify(await freshApp(t, { capabilities: ['callback'] })),
  templateParasMismatch: () => notify(base, { playInfoList: [{ templateId: 'test_template', templateParas: ['123', 'x'] }] }),
  recordingNotEnabled: async () => callback(await freshApp(t, { recordingEnabled: false }), { recordFlag: 'true' }),
  spCallLimit: async () => limited({ spCalls: { max: 0, windowS: 60 } }),
  appCallLimit: async () => limited({ appCalls: { max: 0, windowS: 60 } }),
  displayNumberCallLimit: async () => limited({ displayNumberCalls: { max: 0, windowS: 60 } }),
  calleeBlacklisted: async () => {
    await ok(admin('PUT', '/v1/lists/calleeBlacklist/+8613844440001'));
    return notify(base, { calleeNbr: '+8613844440001' });
  },
  callerBlacklisted: async () => {
    await ok(admin('PUT', '/v1/lists/callerBlacklist/+8613844440002'));
    return callback(base, { callerNbr: '+8613844440002' });
  },
  calleeNotWhitelisted: async () => limited({ whitelistMode: true }),
  internationalCallinForbidden: async () => {
    const p = await freshApp(t);
    await ok(admin('PUT', `/v1/apps/${p.app.appKey}/limits/international`, { callin: false }));
    return callback(p, { callerNbr: '+14155550100' });
  },
  internationalCalloutForbidden: async () => {
    const p = await freshApp(t);
    await ok(admin('PUT', `/v1/apps/${p.app.appKey}/limits/international`, { callout: false }));
    return notify(p, { calleeNbr: '+447700900000' });
  },
  callerFrequencyLimit: async () => limited({ callerFrequency: { max: 0, windowS: 60 } }),
  calleeFrequencyLimit: async () => limited({ calleeFrequency: { max: 0, windowS: 60 } }),
  serviceNumberFrequencyLimit: async () => limited({ serviceNumberFrequency: { max: 0, windowS: 60 } }),
  serviceNumberSuspended: async () => {
    const p = await freshApp(t);
    for (const number of p.numbers) await t.platform.store.apps.putNumber({ number, appKey: p.app.appKey, status: 'suspended' });
    return notify(p);
  },
  callTimeForbidden: async () => limited({ quietHours: { start: '00:00', end: '24:00' } }),
  portLimit: async () => {
    const p = await freshApp(t, { portQuota: 0 });
    return notify(p);
  },
  ipNotWhitelisted: async () => {
    const p = await freshApp(t, { allowedClientIps: ['10.0.0.0/8'] });
    return notify(p);
  },
  authBlocked: async () => {
    // Its own platform: the block would refuse every later request of this file from 127.0.0.1.
    const own = await startTestPlatform({ env: { VOXCALL_AUTH_MAX_FAILURES: '1' } });
    try {
      const wrong = new VoxcallClient({ baseUrl: own.platform.url, appKey: own.platform.demo.appKey, appSecret: 'wrong' });
      await wrong.callNotify(nt() as never);
      return await own.client.callNotify(nt() as never);
    } finally {
      await own.close();
    }
  },
  systemError: async () => {
    const calls = t.platform.store.calls;
    const create = calls.create;
    calls.create = async () => { throw new Error('disk gone (injected by the test)'); };
    try {
      return await notify(base);
    } finally {
      calls.create = create;
    }
  },
};

/** A fresh app with the given settings, then one notification. */
async function limited(settings: object): Promise<ApiResponse> {
  const p = await freshApp(t);
  await ok(admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, settings));
  return notify(p);
}

/** The rows of docs/policy.md's "Result codes voxcall does not produce": name -> code and reason. */
function unproducible(): Map<string, { code: string; why: string }> {
  const doc = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8');
  const section = doc.split(/^## Result codes voxcall does not produce$/m)[1] ?? '';
  const rows = section.split('\n').filter((l) => /^\| \d/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  return new Map(rows.map(([code = '', name = '', why = '']) => [name, { code, why }]));
}

describe('result-code walk of tables 4-5, 5-7 and 6-5', () => {
  const listed = unproducible();

  test('every code is produced or listed as unproducible in docs/policy.md, never both', () => {
    for (const e of WALKED) {
      const produced = TRIGGERS[e.name] !== undefined;
      assert.ok(produced !== listed.has(e.name), `${e.name} (${e.code}) must be exactly one of: triggered here, listed in docs/policy.md`);
    }
    for (const name of listed.keys()) assert.ok(WALKED.some((e) => e.name === name), `docs/policy.md lists ${name}, which is not a walked code`);
  });

  test('each unproducible code is listed with its code and a reason', () => {
    for (const [name, row] of listed) {
      const entry = RESULT[name as ResultName];
      assert.equal(row.code, entry.code, `${name} is listed with its code`);
      assert.ok(row.why.length >= 20, `${name}: a reason`);
    }
  });

  test('the walked codes are those of the reference tables', { skip: !existsSync(new URL('../../../shared/spec/huawei-voicecall-api-reference.txt', import.meta.url)) && 'reference not present' }, () => {
    const lines = readFileSync(new URL('../../../shared/spec/huawei-voicecall-api-reference.txt', import.meta.url), 'utf8').split('\n');
    const codes = new Set<string>();
    for (const table of ['4-5', '5-7', '6-5']) {
      let i = lines.findIndex((l) => l.startsWith(`表 ${table} `));
      for (i++; i < lines.length && !/^接口示例/.test(lines[i]!); i++) {
        const code = (lines[i]!.split('\t')[1] ?? '').replace(/ /g, '');
        if (/^\d+$/.test(code) && code !== '500') codes.add(code);
      }
    }
    assert.deepEqual([...new Set(WALKED.map((e) => e.code))].sort(), [...codes].sort());
  });

  for (const e of WALKED) {
    const trigger = TRIGGERS[e.name];
    if (!trigger) continue;
    test(`${e.code} ${e.name} (HTTP ${e.http})`, async () => {
      const res = await trigger();
      assert.equal((res.body as { resultcode?: string }).resultcode, e.code, JSON.stringify(res.body));
      assert.equal(res.status, e.http);
    });
  }
});
