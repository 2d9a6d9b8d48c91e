// The calls API of the management API on a real platform: test calls placed through it (same
// admission as the call APIs), listed by every filter and paged, shown in full with their pushes
// and attempts, stopped; refusals in the management shape with the reference's result code.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { request } from 'undici';
import { RESULT } from '../../src/api/result-codes.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

const ANSWERS = '+8613900000001'; // answers at 2 s, talks 20 s
const BUSY = '+8613900000002';
const PRESSES = '+8613900000008'; // answers at 2 s, presses 1 then 2
const NEVER_HANGS_UP = '+8613900000009';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const demo = () => ctx.t.platform.demo.appKey;

async function place(body: Record<string, unknown>, appKey = demo()): Promise<string> {
  const res = await call('POST', `/v1/apps/${appKey}/calls`, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.sessionId as string;
}

/** Waits until the call's record and its disconnect reached the receiver and every attempt is stored. */
async function pushedOut(sessionId: string): Promise<void> {
  await ctx.rx.until((all) =>
    all.some((p) => p.path === '/fee' && p.body.feeLst.some((f: any) => f.sessionId === sessionId))
    && all.some((p) => p.path === '/status' && p.body.statusInfo.sessionId === sessionId && p.body.eventType === 'disconnect'));
  await ctx.t.platform.dispatcher.drain();
}

describe('calls API', () => {
  test('a notification placed through the management API: listed, then shown with legs, events, digits, hangup reason and its pushes with attempts', async () => {
    // The app's default push URLs: the test call's pushes go where the app's calls' go.
    const patched = await call('PATCH', `/v1/apps/${demo()}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const sessionId = await place({ kind: 'notify', callee: PRESSES, template: 'test_template', params: ['3', 'gate'], collect: 1 });
    assert.match(sessionId, /^1202_/);

    const running = await call('GET', `/v1/calls?state=active&appKey=${demo()}`);
    assert.deepEqual(running.body.calls.map((c: any) => c.sessionId), [sessionId]);
    assert.equal(running.body.calls[0].outcome, undefined);

    await ctx.t.run(60_000);
    await pushedOut(sessionId);

    const shown = await call('GET', `/v1/calls/${encodeURIComponent(sessionId)}`);
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    const d = shown.body;
    assert.deepEqual(
      { state: d.call.state, kind: d.call.kind, outcome: d.call.outcome, numbers: d.call.numbers },
      { state: 'ended', kind: 'notify', outcome: 'answered', numbers: { display: DEMO_NUMBERS[0], callee: PRESSES } },
    );
    assert.deepEqual(d.events.map((e: any) => e.type), ['callout', 'alerting', 'answer', 'collectInfo', 'disconnect']);
    assert.equal(d.legs.length, 1);
    assert.equal(d.legs[0].number, PRESSES);
    assert.equal(d.legs[0].answerAt, '2026-11-23T02:00:02.000Z');
    assert.deepEqual(d.media, [{ what: 'playInfoList[0]', kind: 'tts', name: 'test_template', params: ['3', 'gate'] }]);
    assert.deepEqual(d.digits, ['1']);
    assert.equal(d.events[3].digitInfo, '1');
    assert.deepEqual(d.hangup, { outcome: 'answered', stateCode: 0, meaning: 'The user releases the call.', ulFailReason: 0, sipStatus: 0, partyType: 'platform' });
    assert.equal(d.record.sessionId, sessionId);
    assert.equal(d.record.ttsPlayTimes, 1);
    assert.equal(d.recording, undefined);
    // A status push per event and one record, oldest first, each delivered at its first attempt.
    assert.deepEqual(d.pushes.map((p: any) => p.kind), ['status', 'status', 'status', 'status', 'status', 'record']);
    for (const p of d.pushes) {
      assert.equal(p.state, 'delivered');
      assert.equal(p.attempts.length, 1);
      assert.equal(p.attempts[0].ok, true);
      assert.equal(p.attempts[0].httpStatus, 200);
    }
    assert.equal(d.call.talkSeconds, (Date.parse(d.call.endedAt) - Date.parse(d.legs[0].answerAt)) / 1000);
  });

  test('a busy callee, filters and cursor pages', async () => {
    const pressed = await place({ kind: 'notify', callee: PRESSES, voice: 'welcome.wav' });
    const busy = await place({ kind: 'verify', callee: BUSY, code: '1234' });
    const answered = await place({ kind: 'verify', callee: ANSWERS, code: '5678', display: DEMO_NUMBERS[1] });
    await ctx.t.run(60_000);
    await pushedOut(answered);
    await pushedOut(busy);

    const busyShown = (await call('GET', `/v1/calls/${encodeURIComponent(busy)}`)).body;
    assert.equal(busyShown.hangup.stateCode, 8102);
    assert.equal(busyShown.hangup.meaning, 'Callee is busy.');
    assert.equal(busyShown.legs[0].q850, 17);
    assert.equal(busyShown.legs[0].sipStatus, 486);
    assert.deepEqual(busyShown.media.map((m: any) => [m.kind, m.name]), [['file', 'pretone.wav'], ['code', '1234']]);

    const list = async (q: string) => {
      const res = await call('GET', `/v1/calls?${q}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { calls: Array<{ sessionId: string }>; nextCursor?: string };
    };
    const ids = async (q: string) => (await list(q)).calls.map((c) => c.sessionId);
    assert.deepEqual(await ids('outcome=busy'), [busy]);
    assert.deepEqual(await ids('kind=verify'), [answered, busy]);
    assert.deepEqual(await ids(`number=${encodeURIComponent(BUSY)}`), [busy]);
    assert.deepEqual(await ids(`number=${encodeURIComponent(DEMO_NUMBERS[1]!)}`), [answered]);
    assert.deepEqual(await ids('state=active'), []);
    assert.deepEqual(await ids(`kind=notify&number=${encodeURIComponent(PRESSES)}`).then((x) => x[0]), pressed);
    assert.deepEqual(await ids(`appKey=nobody`), []);
    // Times: the calls of this test were placed after the first minute of the simulated world.
    assert.deepEqual(await ids('to=2026-11-23T02:00:30Z'), (await ids('kind=notify')).slice(-1));

    // Pages of one, newest first, until no cursor: every call once.
    const all = await ids('limit=500');
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.calls.map((c) => c.sessionId));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(paged, all);
    assert.equal(all.length, 4);

    const bad = await call('GET', '/v1/calls?cursor=nonsense!');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VX.INVALID');
    assert.equal((await call('GET', '/v1/calls?outcome=lost')).body.error.code, 'VX.INVALID');
  });

  test('a recorded callback shows its recording link, which serves the WAV', async () => {
    const sessionId = await place({ kind: 'callback', caller: ANSWERS, callee: PRESSES, record: true });
    await ctx.t.run(120_000);
    await pushedOut(sessionId);
    const d = (await call('GET', `/v1/calls/${encodeURIComponent(sessionId)}`)).body;
    assert.deepEqual(d.legs.map((l: any) => [l.leg, l.number]), [['A', ANSWERS], ['B', PRESSES]]);
    assert.deepEqual(d.media.map((m: any) => [m.what, m.name]), [['recordHintTone', 'voxcall_record_hint.wav'], ['waitVoice', 'voxcall_wait_voice.wav']]);
    assert.ok(d.recording, JSON.stringify(d));
    assert.equal(d.record.recording.path, undefined, 'the path on disk is not shown');
    assert.ok(d.recording.link.startsWith(`${ctx.t.platform.url}/recordings/`), d.recording.link);
    assert.match(d.recording.link, /\/recordings\/.+\?app=.+&expires=\d+&signature=/);
    const wav = await request(d.recording.link);
    assert.equal(wav.statusCode, 200);
    assert.equal(wav.headers['content-type'], 'audio/wav');
    assert.equal((await wav.body.arrayBuffer()).byteLength > 44, true);
  });

  test('stop: a call in progress ends with 8017; a second stop is a conflict; unknown calls are 404', async () => {
    const sessionId = await place({ kind: 'notify', callee: NEVER_HANGS_UP, voice: 'welcome.wav' });
    const stopped = await call('POST', `/v1/calls/${encodeURIComponent(sessionId)}/stop`);
    assert.equal(stopped.status, 202, JSON.stringify(stopped.body));
    assert.deepEqual(stopped.body, { sessionId, state: 'stopping' });
    await ctx.t.run(1_000);
    await ctx.t.platform.engine.idle();
    const d = (await call('GET', `/v1/calls/${encodeURIComponent(sessionId)}`)).body;
    assert.equal(d.call.state, 'ended');
    assert.deepEqual([d.hangup.stateCode, d.hangup.meaning, d.hangup.outcome], [8017, 'Released by the customer.', 'cancelled']);
    const again = await call('POST', `/v1/calls/${encodeURIComponent(sessionId)}/stop`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'VX.CONFLICT');
    for (const path of ['/v1/calls/1202_1_2_3%40nowhere', '/v1/calls/1202_1_2_3%40nowhere/stop']) {
      const res = await call(path.endsWith('stop') ? 'POST' : 'GET', path);
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'VX.NOT_FOUND');
      assert.match(res.body.error.message, /call 1202_1_2_3@nowhere does not exist/);
    }
  });

  test('placement refusals: the reference\'s result code in the management shape, nothing placed', async () => {
    const created = await call('POST', '/v1/apps', { name: 'notify-only', capabilities: ['notify'] });
    const appKey = created.body.appKey as string;
    const noNumber = await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: ANSWERS });
    assert.equal(noNumber.status, 400);
    assert.match(noNumber.body.error.message, /no active display number/);
    assert.equal((await call('POST', `/v1/apps/${appKey}/numbers`, { number: '+8675528300042' })).status, 201);
    const refused = await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'callback', caller: ANSWERS, callee: PRESSES });
    assert.equal(refused.status, RESULT.apiNotAllowed.http);
    assert.equal(refused.body.error.code, RESULT.apiNotAllowed.code);
    assert.match(refused.body.error.message, /no voice callback capability/);
    const missingFile = await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: ANSWERS, voice: 'nope.wav' });
    assert.equal(missingFile.body.error.code, '1010002');
    const noCaller = await call('POST', `/v1/apps/${demo()}/calls`, { kind: 'callback', callee: PRESSES });
    assert.deepEqual([noCaller.status, noCaller.body.error.code], [400, 'VX.INVALID']);
    // The operator's address meets the app's client-IP allow list, as a client's would.
    assert.equal((await call('PATCH', `/v1/apps/${appKey}`, { allowedClientIps: ['10.0.0.0/8'] })).status, 200);
    const notListed = await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: ANSWERS });
    assert.deepEqual([notListed.status, notListed.body.error.code], [403, RESULT.ipNotWhitelisted.code]);
    assert.match(notListed.body.error.message, /127\.0\.0\.1 is not in the app's allowed client IPs/);
    const unknownApp = await call('POST', '/v1/apps/nope/calls', { kind: 'notify', callee: ANSWERS });
    assert.equal(unknownApp.status, 404);
    assert.deepEqual((await call('GET', `/v1/calls?appKey=${appKey}`)).body.calls, []);
  });
});
