// Admission without an HTTP request: what an outbound task row or an inbound call does. admit()
// runs on a real SQLite store and answers a refusal as a value (code and full reason), storing
// nothing; an admitted call is stored with its counters taken.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { App } from '../../src/domain/app.js';
import type { CallPlan, NotifyPlan } from '../../src/domain/call.js';
import { ManualClock } from '../../src/lib/clock.js';
import { DEMO_NUMBERS, seed } from '../../src/platform/seed.js';
import { StoreMediaCatalog } from '../../src/platform/media-catalog.js';
import { admit, type AdmissionWrite, type PolicyDeps } from '../../src/policy/admit.js';
import { PolicyBook } from '../../src/policy/book.js';
import { isRefusal, type Refusal } from '../../src/policy/refusal.js';
import { record, call as storedCall, tempStore, type TempStore } from '../store/fixtures.js';

let ts: TempStore;
let app: App;
let deps: PolicyDeps;
const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));

before(async () => {
  ts = tempStore();
  const demo = await seed(ts.store, { dataDir: ts.dir, now: clock.now(), demo: {} });
  app = (await ts.store.apps.get(demo.appKey))!;
  const media = new StoreMediaCatalog(ts.store.apps);
  await media.refresh();
  const book = new PolicyBook(ts.store.policy);
  await book.reload();
  deps = { apps: ts.store.apps, media, book, clock, homeCountryCode: '+86' };
});
after(async () => ts.cleanup());

/** The app's calls in progress, oldest first: its ports in use (src/policy/ports.ts). */
const inProgress = async () => (await ts.store.calls.unfinished()).filter((c) => c.appKey === app.appKey);
const inUse = async () => (await inProgress()).length;
/** Ends the app's oldest call in progress (its record stored), which frees its port. */
async function portBack(): Promise<void> {
  const c = (await inProgress())[0]!;
  await ts.store.calls.finish(record(c.sessionId, { appKey: c.appKey }), undefined, []);
}

const plan = (calleeNbr: string): NotifyPlan => ({ kind: 'notify', displayNbr: DEMO_NUMBERS[0]!, calleeNbr, playInfoList: [] });

let seq = 0;
/** Stores the call as the API's write does; counts how often it was asked. */
function writer(): { write: AdmissionWrite; writes: () => number } {
  let n = 0;
  return {
    writes: () => n,
    write: (p: CallPlan, takes, ports) => {
      n++;
      return ts.store.calls.create(storedCall(`1202_${++seq}_0_20261123@admit`, { appKey: app.appKey, spId: app.spId, plan: p }), takes, ports);
    },
  };
}

function refusal(v: unknown): Refusal {
  assert.ok(isRefusal(v), `a refusal value, got ${JSON.stringify(v)}`);
  return v;
}

test('a task row\'s call (no client) is admitted and stored', async () => {
  const w = writer();
  const got = await admit(app, plan('+8613800000001'), deps, { via: 'task' }, w.write);
  assert.ok(!isRefusal(got));
  assert.equal(got.plan.kind, 'notify');
  assert.equal(w.writes(), 1);
  assert.equal(await inUse(), 1, 'the call holds a port');
  await portBack();
});

test('a blacklisted callee is refused with a value: name, result code, full reason; nothing is written', async () => {
  await deps.book.add({ scope: app.appKey, list: 'calleeBlacklist', number: '+8613800000002', createdAt: clock.now() });
  const w = writer();
  const r = refusal(await admit(app, plan('+8613800000002'), deps, { via: 'task' }, w.write));
  assert.deepEqual(r, { refused: true, name: 'calleeBlacklisted', resultcode: '1013004', reason: '+8613800000002 is on a callee blacklist', params: [] });
  assert.equal(w.writes(), 0);
  assert.equal(await inUse(), 0);
});

test('a refusal keeps its whole reason, however long (the API cuts only its resultdesc)', async () => {
  const w = writer();
  const long = `${'x'.repeat(200)}.wav`;
  const r = refusal(await admit(app, { ...plan('+8613800000003'), playInfoList: [{ notifyVoice: long, collectInd: 0, replayAfterCollection: false }] }, deps, { via: 'task' }, w.write));
  assert.equal(r.resultcode, '1010002');
  assert.ok(r.reason.includes(long), r.reason);
  assert.ok(r.reason.length > 128);
  assert.equal(w.writes(), 0);
});

test('a client IP outside the allow list is refused (1020166) for an API request; a task row or an inbound call has no client to judge', async () => {
  const w = writer();
  const guarded = { ...app, allowedClientIps: ['192.0.2.0/24'] };
  const r = refusal(await admit(guarded, plan('+8613800000004'), deps, { via: 'api', ip: '198.51.100.7' }, w.write));
  assert.equal(r.resultcode, '1020166');
  assert.ok(!isRefusal(await admit(guarded, plan('+8613800000004'), deps, { via: 'api', ip: '192.0.2.9' }, w.write)));
  await portBack();
  for (const origin of [{ via: 'task' }, { via: 'inbound' }] as const) {
    assert.ok(!isRefusal(await admit(guarded, plan('+8613800000004'), deps, origin, w.write)), origin.via);
    await portBack();
  }
});

test('a suspended app is refused first (1010008) as a value, whatever the origin; nothing is written', async () => {
  const w = writer();
  // Also outside the allow list and without the capability: the app's status is judged first.
  const suspended: App = { ...app, status: 'suspended', allowedClientIps: ['192.0.2.0/24'], capabilities: [] };
  for (const origin of [{ via: 'api', ip: '198.51.100.7' }, { via: 'task' }, { via: 'inbound' }] as const) {
    const r = refusal(await admit(suspended, plan('+8613800000007'), deps, origin, w.write));
    assert.deepEqual(r, { refused: true, name: 'appKeySuspended', resultcode: '1010008', reason: `app ${app.appKey} is suspended`, params: [] }, origin.via);
  }
  assert.equal(w.writes(), 0);
  assert.equal(await inUse(), 0);
});

test('the last free port taken, the next call is refused with 1020165 as a value', async () => {
  const w = writer();
  const one = { ...app, portQuota: 1 };
  const got = await admit(one, plan('+8613800000005'), deps, { via: 'task' }, w.write);
  assert.ok(!isRefusal(got));
  assert.equal(got.idlePort, 0);
  const r = refusal(await admit(one, plan('+8613800000006'), deps, { via: 'task' }, w.write));
  assert.equal(r.name, 'portLimit');
  assert.equal(r.resultcode, '1020165');
  assert.equal(w.writes(), 2, 'the ports are counted by the write, which refused the call');
  const callees = (await ts.store.calls.unfinished()).map((c) => (c.plan as NotifyPlan).calleeNbr);
  assert.deepEqual(callees.filter((n) => n === '+8613800000005' || n === '+8613800000006'), ['+8613800000005'], 'the refused call stored nothing');
  await portBack();
});

test('idlePort counts the calls in progress; a quota lowered below them refuses until enough end', async () => {
  const w = writer();
  const three = { ...app, portQuota: 3 };
  const idle: number[] = [];
  for (const n of ['+8613800000011', '+8613800000012']) {
    const got = await admit(three, plan(n), deps, { via: 'task' }, w.write);
    assert.ok(!isRefusal(got));
    idle.push(got.idlePort);
  }
  assert.deepEqual(idle, [2, 1]);
  const one = { ...app, portQuota: 1 };
  assert.equal(refusal(await admit(one, plan('+8613800000013'), deps, { via: 'task' }, w.write)).name, 'portLimit');
  await portBack();
  assert.equal(refusal(await admit(one, plan('+8613800000013'), deps, { via: 'task' }, w.write)).name, 'portLimit', 'one call still holds the only port');
  await portBack();
  const got = await admit(one, plan('+8613800000013'), deps, { via: 'task' }, w.write);
  assert.ok(!isRefusal(got));
  assert.equal(got.idlePort, 0);
  assert.equal(await inUse(), 1);
  await portBack();
});

test('a full limit names the refusal before a full port', async () => {
  const w = writer();
  const one = { ...app, portQuota: 1 };
  await deps.book.setSettings(app.appKey, { calleeFrequency: { max: 1, windowS: 60 } }, clock.now());
  try {
    assert.ok(!isRefusal(await admit(one, plan('+8613800000021'), deps, { via: 'task' }, w.write)));
    const r = refusal(await admit(one, plan('+8613800000021'), deps, { via: 'task' }, w.write));
    assert.equal(r.name, 'calleeFrequencyLimit');
    assert.equal(await inUse(), 1, 'the refused call took no port');
  } finally {
    await deps.book.setSettings(app.appKey, {}, clock.now());
    await portBack();
  }
});
