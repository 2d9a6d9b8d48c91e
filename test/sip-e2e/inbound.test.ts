// Inbound calls on the SIP network, end to end (docs/inbound.md, docs/sip.md "Inbound calls"): a
// baresip phone on the trunk side dials an app's number routed to a flow; it hears the prompt
// (RTP), its RFC 4733 key branches the flow, the platform ends the call with BYE, and the app's
// URL and subscriptions get the inbound pushes. SIPp callers are refused (unknown number,
// suspended number, blacklisted caller) with the cause's status and Reason, each recorded; a raw
// caller CANCELs while the app's URL is asked; the phone hangs up mid-flow; a recorded forward
// bridges the phone to a second phone, both hear each other and the recording holds both.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { request } from 'undici';
import { analyzeSamples, analyzeWav, parseWav, readWav, startPhone, tone, waitUntil, type Phone } from '../../scripts/lab/index.js';
import { DEMO_NUMBERS, DEMO_SUSPENDED_NUMBER } from '../../src/platform/seed.js';
import { callEnded, feeItems } from '../helpers/expect.js';
import { Receiver } from '../helpers/receiver.js';
import { startSipPlatform, type SipTestPlatform } from '../helpers/sip-platform.js';
import { requireSipp, startSipp } from '../network/sipp/sipp.js';
import { RawCaller, rawRequest, refusedCall, sipAdmin } from './inbound-callers.js';
import { heardAll, heardMs, heardSoFar, newRecording, playedAnalysis, referenceLibrary } from './phone-audio.js';

const CALLER = '+8613812345678'; // the phone on the trunk side, 440 Hz
const AGENT = '+8613900000031'; // the forward's far end, 660 Hz
const MENU_NUMBER = DEMO_NUMBERS[0]!;
const FORWARD_NUMBER = DEMO_NUMBERS[1]!;
const URL_NUMBER = DEMO_NUMBERS[2]!;
const PROMPT = 'press 1 for sales, 2 for support';
const SUPPORT = 'support it is';
const MENU = {
  start: 'menu',
  nodes: [
    { id: 'menu', type: 'gather', prompt: [{ say: PROMPT }], maxDigits: 1, timeout: 10, branches: { 1: 'sales', 2: 'support' }, default: 'bye' },
    { id: 'sales', type: 'say', text: 'sales it is', next: 'bye' },
    { id: 'support', type: 'say', text: SUPPORT, next: 'bye' },
    { id: 'bye', type: 'hangup' },
  ],
};
/** Seconds each side of the forward must have heard the other. */
const TALK_S = 1.5;

let caller: Phone;
let agent: Phone;
let p: SipTestPlatform;
let rx: Receiver;
const call = sipAdmin(() => p);
const library = referenceLibrary();
/** The app's URL answers when the test lets it (the CANCEL case); otherwise at once. */
let urlGate: Promise<void> = Promise.resolve();
/** Told of each question the app's URL gets (the receiver records a push only once answered). */
let onAsked: (body: any) => void = () => undefined;

before(async () => {
  requireSipp();
  [caller, agent] = await Promise.all([startPhone({ name: CALLER, tone: { frequencyHz: 440 } }), startPhone({ name: AGENT, tone: { frequencyHz: 660 } })]);
  const uri = (ph: Phone) => `sip:127.0.0.1:${ph.sipPort};transport=udp`;
  p = await startSipPlatform({
    trunk: uri(caller),
    env: { VOXCALL_ALLOW_PRIVATE_PUSH_URLS: '1' },
    ...(process.env.E2E_LOG ? { logger: pino({ level: 'debug' }, process.stderr) } : {}),
    overrides: { route: (n) => uri(n === AGENT ? agent : caller), timers: { t1: 100, t2: 400, t4: 500 } },
  });
  rx = await new Receiver().start();
  rx.respond(async (req) => {
    if (req.path === '/ask') {
      onAsked(req.body);
      await urlGate;
      return { status: 200, body: JSON.stringify({ type: 'flow', flowId: 'menu', callRelationId: 'order-42' }) };
    }
    return { status: 200, body: req.path === '/robot' ? 'success' : '{"resultcode":"0"}' };
  });
  const app = p.platform.demo.appKey;
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await ok('PATCH', `/v1/apps/${app}`, { statusUrl: `${rx.url}/status`, feeUrl: `${rx.url}/fee` });
  for (const format of ['vsp', 'robot']) await ok('POST', `/v1/apps/${app}/subscriptions`, { url: `${rx.url}/${format}`, format });
  await ok('POST', `/v1/apps/${app}/flows`, { id: 'menu', flow: MENU });
  const route = (n: string) => `/v1/apps/${app}/numbers/${encodeURIComponent(n)}/inbound`;
  await ok('PUT', route(MENU_NUMBER), { type: 'flow', flowId: 'menu' });
  await ok('PUT', route(FORWARD_NUMBER), { type: 'forward', to: AGENT, record: true });
  await ok('PUT', route(URL_NUMBER), { type: 'url', url: `${rx.url}/ask`, timeoutMs: 5000, fallback: { type: 'reject', reason: 'down' } });
});

after(async () => {
  await p?.close();
  await rx?.close();
  await Promise.all([caller?.stop(), agent?.stop()]);
});

const dialUri = (n: string) => `sip:${n}@127.0.0.1:${p.sipPort}`;

/** The inbound call (calls API) that started at or after `since` and was called at `number`. */
async function inboundCall(number: string, since: number): Promise<any> {
  let found: any;
  await waitUntil(async () => {
    const list = await call('GET', '/v1/calls?kind=inbound');
    for (const c of list.body.calls as any[]) {
      const shown = (await call('GET', `/v1/calls/${encodeURIComponent(c.sessionId)}`)).body;
      if (shown.record?.bindNum === number && Date.parse(shown.call.createdAt) >= since) found = shown;
    }
    return found !== undefined;
  }, 10_000, `the inbound call to ${number}`, 100);
  return found;
}

/** The inbound call of the Huawei status push that answered it after `since`. */
async function answeredSession(since: number): Promise<string> {
  await rx.until((all) => all.some((x) => x.path === '/status' && x.body.eventType === 'answer' && x.at >= since && x.body.statusInfo.caller === CALLER), 15_000);
  return rx.on('/status').find((x) => x.body.eventType === 'answer' && x.at >= since && x.body.statusInfo.caller === CALLER)!.body.statusInfo.sessionId;
}

test('a call from the trunk runs the number\'s flow: answered, the prompt heard, the key branches, BYE from us, pushed in every format', async () => {
  const prompt = await library.load({ kind: 'tts', name: PROMPT, durationMs: 0 });
  const support = await library.load({ kind: 'tts', name: SUPPORT, durationMs: 0 });
  const seen = heardSoFar(caller);
  const since = Date.now();
  await caller.dial(dialUri(MENU_NUMBER));
  await caller.waitFor('CALL_ESTABLISHED', (e) => e.at >= since);
  // Our 200 carried an SDP answer (baresip reports it, then ACKs and counts the call established).
  assert.ok(caller.events.some((e) => e.type === 'CALL_REMOTE_SDP' && e.at >= since && e.param === 'answer'), 'the 200 carried an SDP answer');
  const sid = await answeredSession(since);
  // The gather's prompt plays over RTP: the phone hears all of it, then presses 2.
  const played = playedAnalysis([prompt.pcm], []);
  await waitUntil(() => heardAll(caller, seen, played), prompt.durationMs + 10_000, 'the phone to hear the whole prompt', 50);
  await caller.sendDigits('2');
  await caller.waitFor('CALL_CLOSED', (e) => e.at >= since, 15_000);
  await rx.until(callEnded(sid), 10_000);

  const shown = (await call('GET', `/v1/calls/${encodeURIComponent(sid)}`)).body;
  assert.deepEqual([shown.call.kind, shown.call.state, shown.call.outcome], ['inbound', 'ended', 'answered']);
  assert.deepEqual(shown.digits, ['2']);
  assert.deepEqual(shown.record.dialog.steps.map((s: any) => [s.node, s.digits]), [['menu', '2'], ['support', undefined], ['bye', undefined]]);
  assert.deepEqual([shown.record.direction, shown.record.bindNum, shown.record.callerNum], [1, MENU_NUMBER, CALLER]);
  // The platform hung up (the hangup node): the phone heard the prompt and the branch's say, then BYE.
  assert.match(caller.events.find((e) => e.type === 'CALL_CLOSED' && e.at >= since)!.param ?? '', /peer/);
  const [file] = (await caller.heard()).filter((f) => !seen.has(f));
  assert.ok(file, 'the phone recorded the call');
  const heard = analyzeWav(file);
  const both = playedAnalysis([prompt.pcm, support.pcm], []);
  assert.ok(Math.abs(heard.activeSeconds - both.activeSeconds) < 0.3, `sound for ${heard.activeSeconds} s, played ${both.activeSeconds} s`);

  // Huawei: answer (no callout, no alerting: the platform placed no leg), collectInfo, disconnect.
  const status = rx.on('/status').filter((x) => x.body.statusInfo.sessionId === sid);
  assert.deepEqual(status.map((x) => [x.body.eventType, x.body.statusInfo.caller ?? x.body.statusInfo.digitInfo, x.body.statusInfo.called]), [
    ['answer', CALLER, MENU_NUMBER], ['collectInfo', '2', undefined], ['disconnect', CALLER, MENU_NUMBER],
  ]);
  const fee = feeItems(rx).find((f) => f.sessionId === sid)!;
  assert.deepEqual([fee.direction, fee.bindNum, fee.callerNum, fee.calleeNum], [1, MENU_NUMBER, CALLER, MENU_NUMBER]);
  // vsp: callin (6) for the answer, collectInfo (5), disconnect (4), party 1; the CDR inbound (cdrType 2).
  await rx.until((all) => all.filter((x) => x.path === '/vsp' && x.raw.includes(sid)).length >= 4, 10_000);
  const vsp = rx.on('/vsp').map((x) => x.body).filter((b) => JSON.stringify(b).includes(sid));
  const parties = [1, '075528000001', '13812345678', '075528000001'];
  assert.deepEqual(vsp.filter((b) => b.eventType !== undefined).map((b) => [b.eventType, b.party, b.phoneNoX, b.phoneNoA, b.phoneNoB]), [
    [6, ...parties], [5, ...parties], [4, ...parties],
  ]);
  assert.match(JSON.stringify(vsp.find((b) => b.eventType === undefined)), /"cdrType":2/);
  // robot: direction 1, robot_id the flow, no outbound-only fields.
  await rx.until((all) => all.some((x) => x.path === '/robot' && x.raw.includes(sid)), 10_000);
  const robot = JSON.stringify(rx.on('/robot').find((x) => x.raw.includes(sid))!.body);
  assert.match(robot, /"direction":1/);
  assert.match(robot, /"robot_id":"menu"/);
  assert.match(robot, /"call_relation_id":""/);
  assert.doesNotMatch(robot, /task_|time_dial|time_ring/);
});

test('a URL route on SIP: the caller rings while the app is asked, its answer runs the flow, its callRelationId in the pushes', async () => {
  const since = Date.now();
  const asked = new Promise<any>((r) => (onAsked = r));
  await caller.dial(dialUri(URL_NUMBER));
  const question = await asked;
  assert.deepEqual([question.caller, question.called, question.appKey], [CALLER, URL_NUMBER, p.platform.demo.appKey]);
  await caller.waitFor('CALL_ESTABLISHED', (e) => e.at >= since);
  const sid = await answeredSession(since);
  assert.equal(question.callId, sid, 'the URL was told the call\'s sessionId');
  await caller.hangup();
  await rx.until(callEnded(sid), 10_000);
  const status = rx.on('/status').filter((x) => x.body.statusInfo.sessionId === sid);
  assert.deepEqual(status.map((x) => [x.body.eventType, x.body.statusInfo.userData]), [['answer', 'order-42'], ['disconnect', 'order-42']]);
  await rx.until((all) => all.some((x) => x.path === '/robot' && x.raw.includes(sid)), 10_000);
  assert.match(JSON.stringify(rx.on('/robot').find((x) => x.raw.includes(sid))!.body), /"call_relation_id":"order-42"/);
});

test('the caller hangs up mid-prompt: BYE from the trunk ends the call, recorded and pushed as the caller\'s hangup', async () => {
  const seen = heardSoFar(caller);
  const since = Date.now();
  await caller.dial(dialUri(MENU_NUMBER));
  await caller.waitFor('CALL_ESTABLISHED', (e) => e.at >= since);
  const sid = await answeredSession(since);
  await waitUntil(() => heardMs(caller, seen) >= 500, 10_000, 'half a second of the prompt', 50);
  await caller.hangup();
  await rx.until(callEnded(sid), 10_000);
  const shown = (await call('GET', `/v1/calls/${encodeURIComponent(sid)}`)).body;
  assert.deepEqual([shown.call.state, shown.call.outcome, shown.digits], ['ended', 'answered', []]);
  assert.equal(shown.record.dialog.end, 'callEnded');
  const end = rx.on('/status').find((x) => x.body.statusInfo.sessionId === sid && x.body.eventType === 'disconnect')!;
  assert.deepEqual([end.body.statusInfo.stateCode, end.body.statusInfo.caller], [0, CALLER], JSON.stringify(end.body));
  assert.equal(p.network.health().openLegs, 0);
});

test('refusals on SIP: the RFC 3398 status of the Q.850 cause with its Reason, each recorded', async () => {
  const app = p.platform.demo.appKey;
  const BAD = '+8613899990000';
  const listed = await call('PUT', `/v1/apps/${app}/lists/callerBlacklist/${encodeURIComponent(BAD)}`);
  assert.equal(listed.status, 201, JSON.stringify(listed.body));
  const cases = [
    { label: 'a number no app owns', from: CALLER, to: '+8675599990000', status: 404, q850: 1, reason: 'unknown_number', appKey: '' },
    { label: 'a suspended number', from: CALLER, to: DEMO_SUSPENDED_NUMBER, status: 403, q850: 21, reason: 'number_suspended', appKey: app },
    { label: 'a blacklisted caller', from: BAD, to: MENU_NUMBER, status: 403, q850: 21, reason: 'caller_blacklisted', appKey: app },
  ];
  for (const c of cases) {
    const since = Date.now();
    const sipp = await startSipp({ name: `in-${c.status}`, xml: refusedCall(c.from, c.to, c.status, c.q850), target: `127.0.0.1:${p.sipPort}` });
    const r = await sipp.result(15_000);
    assert.equal(r.code, 0, `${c.label}: sipp failed (${r.code}): ${r.errors}`);
    const shown = await inboundCall(c.to, since);
    assert.deepEqual([shown.call.outcome, shown.call.appKey, shown.record.refusal.q850, shown.record.refusal.reason, shown.record.sipStatusCode, shown.record.callerNum],
      ['rejected', c.appKey, c.q850, c.reason, c.status, c.from], c.label);
  }
  assert.equal((await p.health()).body.status, 'ok');
  assert.equal(p.network.stats.malformed, 0);
});

test('a CANCEL while the app\'s URL is asked: 200 to the CANCEL, 487 to the INVITE, and no 200 ever after the URL answers', async () => {
  let open: () => void = () => undefined;
  urlGate = new Promise<void>((r) => (open = r));
  const raw = await RawCaller.start();
  try {
    const since = Date.now();
    const o = { from: CALLER, to: URL_NUMBER, port: p.sipPort, callerPort: raw.port, callId: `cancel${Date.now()}` };
    const asked = new Promise<void>((r) => (onAsked = (b) => b?.caller === CALLER && r()));
    raw.send(rawRequest('INVITE', o), p.sipPort);
    await asked;
    raw.send(rawRequest('CANCEL', o), p.sipPort);
    await waitUntil(() => raw.statuses('INVITE').includes(487), 5000, '487 to the INVITE');
    const tag = /^To:.*;tag=([^;\s]+)/im.exec(raw.got.find((m) => m.startsWith('SIP/2.0 487'))!)![1]!;
    raw.send(rawRequest('ACK', { ...o, toTag: tag }), p.sipPort);
    assert.deepEqual(raw.statuses('CANCEL'), [200]);
    open();
    // The app's answer comes after the caller left: the call ends at once, never answered on the wire.
    const shown = await inboundCall(URL_NUMBER, since);
    await waitUntil(async () => (await call('GET', `/v1/calls/${encodeURIComponent(shown.call.sessionId)}`)).body.call.state === 'ended', 10_000, 'the call to end');
    const ended = (await call('GET', `/v1/calls/${encodeURIComponent(shown.call.sessionId)}`)).body;
    assert.deepEqual([ended.call.outcome, ended.events.map((e: any) => e.type)], ['no_answer', ['disconnect']], JSON.stringify(ended));
    assert.ok(!raw.statuses('INVITE').some((s) => s >= 200 && s < 300), `responses to the INVITE: ${raw.statuses('INVITE').join(',')}`);
    assert.equal(p.network.health().openLegs, 0);
  } finally {
    open();
    urlGate = Promise.resolve();
    raw.close();
  }
});

test('a recorded forward: the caller is bridged to a second phone, both hear each other, the recording holds both', async () => {
  const seenC = heardSoFar(caller);
  const seenA = heardSoFar(agent);
  const since = Date.now();
  await caller.dial(dialUri(FORWARD_NUMBER));
  await caller.waitFor('CALL_ESTABLISHED', (e) => e.at >= since);
  await agent.waitFor('CALL_ESTABLISHED', (e) => e.at >= since, 20_000);
  const heardTone = (ph: Phone, before: Set<string>, hz: number) => {
    const f = newRecording(ph, before);
    if (!f) return 0;
    try {
      const w = readWav(f);
      return tone(analyzeSamples(w.samples, w.sampleRate, { frequencies: [hz] }), hz).seconds;
    } catch {
      return 0;
    }
  };
  await waitUntil(() => heardTone(caller, seenC, 660) >= TALK_S && heardTone(agent, seenA, 440) >= TALK_S, 20_000, 'both phones to hear each other', 50);
  const sid = await answeredSession(since);
  await caller.hangup();
  await rx.until(callEnded(sid), 15_000);
  await agent.waitFor('CALL_CLOSED', (e) => e.at >= since);

  const status = rx.on('/status').filter((x) => x.body.statusInfo.sessionId === sid);
  assert.deepEqual(status.map((x) => `${x.body.eventType}:${x.body.statusInfo.called}`), [
    `answer:${FORWARD_NUMBER}`, `callout:${AGENT}`, `alerting:${AGENT}`, `answer:${AGENT}`, `disconnect:${FORWARD_NUMBER}`,
  ]);
  const fee = feeItems(rx).find((f) => f.sessionId === sid)!;
  assert.deepEqual([fee.direction, fee.bindNum, fee.callerNum, fee.recordFlag], [1, FORWARD_NUMBER, CALLER, 1]);
  const shown = (await call('GET', `/v1/calls/${encodeURIComponent(sid)}`)).body;
  assert.deepEqual([shown.call.outcome, shown.record.fwdDstNum, shown.record.fwdDisplayNum], ['answered', AGENT, CALLER]);
  await rx.until((all) => all.filter((x) => x.path === '/vsp' && x.raw.includes(sid)).length >= 6, 10_000);
  const vsp = rx.on('/vsp').map((x) => x.body).filter((b) => JSON.stringify(b).includes(sid));
  assert.deepEqual(vsp.filter((b) => b.eventType !== undefined).map((b) => [b.eventType, b.party]), [[6, 1], [1, 2], [2, 2], [3, 2], [4, 1]]);
  assert.match(JSON.stringify(vsp.find((b) => b.eventType === undefined)), /"cdrType":3/);

  const link = await p.client.recordingUrl(fee.recordObjectName as string, fee.recordDomain as string);
  assert.equal(link.status, 301);
  const wav = await request(link.location!, { reset: true });
  assert.equal(wav.statusCode, 200);
  const rec = parseWav(Buffer.from(await wav.body.arrayBuffer()));
  const recorded = analyzeSamples(rec.samples, rec.sampleRate, { frequencies: [440, 660] });
  // Frames at the edges (the bridge's first, the mix's last at the hangup) may be missing: a margin of 0.25 s.
  assert.ok(tone(recorded, 440).seconds >= TALK_S - 0.25, `the recording holds 440 Hz for ${tone(recorded, 440).seconds} s`);
  assert.ok(tone(recorded, 660).seconds >= TALK_S - 0.25, `the recording holds 660 Hz for ${tone(recorded, 660).seconds} s`);
});

test('odd callers from the trunk (withheld, 300 digits, no number called, media port 0) each get a final; the platform stays up', async () => {
  const raw = await RawCaller.start();
  const cases = [
    { label: 'a withheld caller', from: 'anonymous', to: MENU_NUMBER },
    { label: 'a caller of 300 digits', from: `+${'8'.repeat(300)}`, to: MENU_NUMBER },
    { label: 'no number called', from: CALLER, to: '' },
    { label: 'an offer with media port 0', from: CALLER, to: MENU_NUMBER, sdp: 'v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 0 RTP/AVP 8\r\n' },
  ];
  const finals: Record<string, number> = {};
  try {
    for (const [i, c] of cases.entries()) {
      const o = { ...c, port: p.sipPort, callerPort: raw.port, callId: `odd${i}x${Date.now()}` };
      const mine = () => raw.got.filter((m) => m.includes(`Call-ID: ${o.callId}`));
      raw.send(rawRequest('INVITE', o), p.sipPort);
      await waitUntil(() => mine().some((m) => /^SIP\/2\.0 [2-6]\d\d/.test(m)), 10_000, `${c.label}: a final response`);
      const final = Number(mine().find((m) => /^SIP\/2\.0 [2-6]\d\d/.test(m))!.slice(8, 11));
      finals[c.label] = final;
      const tag = /^To:.*;tag=([^;\s]+)/im.exec(mine().find((m) => /^SIP\/2\.0 [2-6]\d\d/.test(m))!)![1]!;
      raw.send(rawRequest('ACK', { ...o, toTag: tag }), p.sipPort);
      if (final < 300) {
        raw.send(rawRequest('BYE', { ...o, toTag: tag }), p.sipPort);
        await waitUntil(() => mine().some((m) => m.startsWith('SIP/2.0 200') && /CSeq: 2 BYE/.test(m)), 10_000, `${c.label}: 200 to our BYE`);
      }
    }
  } finally {
    raw.close();
  }
  // Withheld and long callers are routed like any (the flow answers); no number called is unknown (1: 404);
  // an offer whose media cannot be reached has no usable SDP (488 with cause 88, never offered).
  assert.deepEqual(finals, { 'a withheld caller': 200, 'a caller of 300 digits': 200, 'no number called': 404, 'an offer with media port 0': 488 });
  await waitUntil(() => p.network.health().openLegs === 0, 10_000, 'every leg closed');
  assert.equal((await p.health()).body.status, 'ok');
});
