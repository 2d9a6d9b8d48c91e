// `npm run demo:sip`: the platform on its SIP network (real time, real RTP) with baresip phones on
// 127.0.0.1 as the far ends. Places a notification (TTS template, the phone presses a key after the
// prompt), a verification-code call and a recorded callback between two phones through the
// project's own client, prints every push as it arrives, then a summary: per call the outcome and
// the digits, and for the callback the recording (copied to ./demo-recordings/, or to
// VOXCALL_DEMO_RECORDINGS; kept after the demo, unlike its temp data dir) and the
// tones the analysis heard in it. Exits 0 when every call ended as expected, 1 otherwise.
//
// Routing: baresip answers only INVITEs to its own user name and a phone listens on its own port,
// so one trunk URI reaches one phone. Rather than one platform per call (restart, new trunk), the
// demo builds the network the config names with sipNetwork's internal `route`, sending each number
// to the phone named after it; the config's trunk is the notification phone (pinged at start).

import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { encodeUrlParam, PushVerifier, VoxcallClient, type ApiResponse } from '../src/client/index.js';
import { loadConfig, type Config } from '../src/config.js';
import { sipNetwork } from '../src/platform/network-factory.js';
import { startPlatform, type Platform } from '../src/platform/platform.js';
import { startFailure } from '../src/platform/start-errors.js';
import { describePush } from './push-lines.js';
import { analyzeWav, freeUdpPort, freeUdpRange, readWav, analyzeSamples, startPhone, tone, type Phone } from './lab/index.js';

const INSTALL = 'apt-get install -y baresip-core espeak-ng sox';
const missing = ['baresip', ...(process.env.VOXCALL_TTS_COMMAND ? [] : ['espeak-ng'])].filter((tool) => spawnSync(tool, ['--help'], { stdio: 'ignore' }).error !== undefined);
if (missing.length > 0) {
  process.stderr.write(`voxcall demo:sip: ${missing.join(' and ')} not found on PATH: ${INSTALL}\n`);
  process.exit(1);
}

const NUM = { notify: '+8613900000008', verify: '+8613800000066', caller: '+8613900000001', callee: '+8613800000077' };
const TONES = { caller: 440, callee: 660 };
const TALK_MS = 3000;
/** The record hint tone voxcall puts at the head of a recording (src/network/sip/network.ts). */
const HINT_HZ = 1000;
const KEY = '1';
const t0 = Date.now();
const stamp = () => `+${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s`;

// One phone per number, named after it (the user part voxcall dials). Silent phones for the
// one-leg calls; the callback's two parties play a tone each, so the recording shows both.
const [notify, verify, caller, callee] = await Promise.all([
  startPhone({ name: NUM.notify }),
  startPhone({ name: NUM.verify }),
  startPhone({ name: NUM.caller, tone: { frequencyHz: TONES.caller } }),
  startPhone({ name: NUM.callee, tone: { frequencyHz: TONES.callee } }),
]);
const phones = { notify, verify, caller, callee };
const byNumber = new Map<string, Phone>(Object.entries(NUM).map(([k, n]) => [n, phones[k as keyof typeof NUM]]));

const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-demo-sip-'));
let config: Config | undefined;
let platform: Platform;
try {
  const sipPort = await freeUdpPort();
  const rtp = await freeUdpRange(40);
  config = loadConfig({
    ...process.env,
    VOXCALL_SPEED: undefined,
    VOXCALL_DATA_DIR: dataDir,
    VOXCALL_PORT: process.env.VOXCALL_PORT || '0',
    VOXCALL_NETWORK: 'sip',
    VOXCALL_SIP_TRUNK: `sip:127.0.0.1:${phones.notify.sipPort};transport=udp`,
    VOXCALL_SIP_LISTEN: `127.0.0.1:${sipPort}`,
    VOXCALL_RTP_PORTS: `${rtp}-${rtp + 39}`,
  });
  if (config.network.kind !== 'sip') throw new Error('unreachable: VOXCALL_NETWORK=sip was set');
  const logger = pino({ level: 'warn' });
  const network = sipNetwork(config.network.sip, logger, { route: (n) => `sip:127.0.0.1:${byNumber.get(n)?.sipPort ?? phones.notify.sipPort};transport=udp` });
  platform = await startPlatform({ config, logger, network });
} catch (err) {
  const line = startFailure(err, config);
  if (line === undefined) throw err;
  process.stderr.write(`voxcall demo:sip: ${line}\n`);
  await rm(dataDir, { recursive: true, force: true });
  process.exit(1);
}
const { demo } = platform;
const verifier = new PushVerifier({ appKey: demo.appKey, appSecret: demo.appSecret });

interface Seen { kind: string; body: any; signed: boolean }
const seen: Seen[] = [];
const names = new Map<string, string>();
const label = (sid: string) => names.get(sid) ?? sid.slice(0, 12);
let wake: () => void = () => {};

const receiver = createServer((req: IncomingMessage, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    const body = JSON.parse(raw);
    const verdict = verifier.verify(`${receiverUrl}${req.url}`, req.headers as never);
    seen.push({ kind: req.url ?? '', body, signed: verdict.ok });
    console.log(`${stamp()}  ${describePush(req.url ?? '', body, label)}${verdict.ok ? '' : `  [SIGNATURE REFUSED: ${verdict.reason}]`}`);
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end('{"resultcode":"0","resultdesc":"Success"}');
    wake();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
const urls = { statusUrl: encodeUrlParam(`${receiverUrl}/status`), feeUrl: encodeUrlParam(`${receiverUrl}/fee`) };
const sip = config!.network.kind === 'sip' ? config!.network.sip : undefined;

console.log(`voxcall demo:sip: platform ${platform.url}, receiver ${receiverUrl}, SIP network on ${sip?.listen.address}:${sip?.listen.port} (RTP ${sip?.rtpPorts.min}-${sip?.rtpPorts.max}), real time`);
console.log(`network health: ${JSON.stringify(platform.network.health())}`);
for (const [k, p] of Object.entries(phones)) console.log(`phone ${k.padEnd(7)} ${p.uri}${k in TONES ? `, plays ${TONES[k as keyof typeof TONES]} Hz` : ', silent'}`);
console.log('');

const client = new VoxcallClient({ baseUrl: platform.url, appKey: demo.appKey, appSecret: demo.appSecret });
const refused: string[] = [];
const requests: Array<[string, () => Promise<ApiResponse>]> = [
  ['notification', () => client.callNotify({ displayNbr: demo.displayNumbers[0]!, calleeNbr: NUM.notify, playInfoList: [{ templateId: 'test_template', templateParas: ['3', '人民公园正门'], collectInd: 1 }], userData: 'demo-notify', ...urls } as never)],
  ['verification', () => client.callVerify({ displayNbr: demo.displayNumbers[2]!, calleeNbr: NUM.verify, languageType: 2, preTone: 'welcome.wav', verifyCode: '2468', times: 2, userData: 'demo-verify', ...urls } as never)],
  ['callback', () => client.click2Call({ displayNbr: demo.displayNumbers[0]!, callerNbr: NUM.caller, displayCalleeNbr: demo.displayNumbers[1]!, calleeNbr: NUM.callee, recordFlag: 'true', partyTypeRequiredInDisconnect: 'true', userData: 'demo-callback', ...urls } as never)],
];
for (const [name, send] of requests) {
  const res = await send();
  const sid = String(res.body.sessionId);
  if (res.body.resultcode === '0') names.set(sid, name);
  else refused.push(name);
  console.log(`${stamp()}  request ${name.padEnd(13)} -> resultcode ${String(res.body.resultcode)} ${String(res.body.resultdesc)}, sessionId ${sid}`);
}

/** Resolves once the phone has heard sound, then `quietMs` of silence: the prompt is over. */
async function promptOver(phone: Phone, quietMs: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const file = phone.recordings()[0];
    if (file !== undefined) {
      const wav = readWav(file);
      const frames = Math.floor(wav.samples.length / 160);
      let lastLoud = -1;
      for (let f = 0; f < frames; f++) {
        if (analyzeSamples(wav.samples.subarray(f * 160, (f + 1) * 160), wav.sampleRate).activeFraction > 0) lastLoud = f;
      }
      if (lastLoud >= 0 && (frames - 1 - lastLoud) * 20 >= quietMs) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${phone.name} heard no prompt end before the deadline`);
}

// The far ends, as people would act: the notified party waits for the prompt to end and presses
// a key (the platform collects only after the prompt); the callback's caller talks a while and
// hangs up once the callee has answered.
const farEnds = Promise.all([
  (async () => {
    await phones.notify.waitFor('CALL_ESTABLISHED', undefined, 20_000);
    await promptOver(phones.notify, 800, Date.now() + 25_000);
    console.log(`${stamp()}  phone   notification  the prompt ended: presses ${KEY}`);
    await phones.notify.sendDigits(KEY);
  })(),
  (async () => {
    await phones.callee.waitFor('CALL_ESTABLISHED', undefined, 30_000);
    console.log(`${stamp()}  phone   callback      the callee answered: both talk ${TALK_MS / 1000} s, then the caller hangs up`);
    await new Promise((r) => setTimeout(r, TALK_MS));
    await phones.caller.hangup();
  })(),
]).catch((err: unknown) => console.log(`${stamp()}  phone   ${(err as Error).message}`));

const billed = () => new Set(seen.filter((s) => s.kind === '/fee').flatMap((s) => s.body.feeLst.map((f: any) => f.sessionId)));
const deadline = Date.now() + 40_000;
while (billed().size < names.size && Date.now() < deadline) await new Promise<void>((r) => { wake = r; setTimeout(r, 500); });
await farEnds;

// What each call should have done; a line per call says what it did.
const cdrOf = (sid: string): any => seen.filter((s) => s.kind === '/fee').flatMap((s) => s.body.feeLst).find((f: any) => f.sessionId === sid);
const statusOf = (sid: string, type: string): any[] => seen.filter((s) => s.kind === '/status' && s.body.statusInfo.sessionId === sid && s.body.eventType === type).map((s) => s.body.statusInfo);
let ok = refused.length === 0;
const recordingsDir = resolve(process.env.VOXCALL_DEMO_RECORDINGS || 'demo-recordings');
console.log('\nsummary');
for (const name of refused) console.log(`  ${name.padEnd(13)} refused by the API  [NOT as expected]`);
for (const [sid, name] of names) {
  const cdr = cdrOf(sid);
  const ends = statusOf(sid, 'disconnect');
  const end = ends.at(-1);
  const outcome = !cdr ? 'no CDR' : cdr.callOutAnswerTime ? `answered, ended stateCode ${end?.stateCode ?? '?'} (${end?.stateDesc ?? 'no disconnect push'})${end?.partyType ? ` by ${end.partyType}` : ''}` : `failed, Q.850 ${cdr.callOutUnaswRsn}`;
  const digits = statusOf(sid, 'collectInfo').map((s) => s.digitInfo).join(',');
  const line = [`  ${name.padEnd(13)} ${outcome}`];
  if (name === 'notification') line.push(`digits "${digits}"`);
  let good = cdr?.callOutAnswerTime !== undefined && cdr.callOutAnswerTime !== '' && end?.stateCode === 0;
  if (name === 'notification') good &&= digits === KEY;
  if (name === 'verification') {
    const [heard] = await phones.verify.heard();
    const a = heard ? analyzeWav(heard) : undefined;
    line.push(`the phone heard ${a ? a.activeSeconds.toFixed(1) : '0'} s of speech`);
    good &&= (a?.activeSeconds ?? 0) > 1;
  }
  if (name === 'callback') {
    good &&= end?.partyType === 'caller';
    if (cdr?.recordObjectName) {
      await mkdir(recordingsDir, { recursive: true });
      const kept = join(recordingsDir, cdr.recordObjectName);
      await copyFile(join(dataDir, 'recordings', cdr.recordObjectName), kept);
      const a = analyzeWav(kept, { frequencies: [HINT_HZ, TONES.caller, TONES.callee] });
      const [hint, lo, hi] = [tone(a, HINT_HZ), tone(a, TONES.caller), tone(a, TONES.callee)];
      line.push(`recording ${kept} (${a.encoding}, ${a.durationS.toFixed(1)} s): hint tone ${hint.seconds.toFixed(1)} s, caller's ${TONES.caller} Hz ${lo.seconds.toFixed(1)} s, callee's ${TONES.callee} Hz ${hi.seconds.toFixed(1)} s`);
      const link = await client.recordingUrl(cdr.recordObjectName, cdr.recordDomain);
      line.push(`download link ${link.status}`);
      good &&= lo.seconds > 1 && hi.seconds > 1 && link.status === 301;
    } else {
      line.push('no recording');
      good = false;
    }
  }
  ok &&= good;
  console.log(`${line.join(', ')}  [${good ? 'as expected' : 'NOT as expected'}]`);
}
const unsigned = seen.filter((s) => !s.signed).length;
console.log(`  ${seen.length} pushes received, ${unsigned === 0 ? 'every signature verified' : `${unsigned} with a bad signature`}; took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const health = platform.network.health();
console.log(`  network at the end: ${health.state}, ${health.openLegs} open legs`);
ok &&= health.openLegs === 0;

await client.close();
await platform.close();
receiver.close();
await Promise.all(Object.values(phones).map((p) => p.stop()));
await rm(dataDir, { recursive: true, force: true });
process.exit(ok && unsigned === 0 ? 0 : 1);
