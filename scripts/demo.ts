// `npm run demo`: the platform and a local receiver in one process. Places one callback (with
// recording), one notification (with digit collection) and one verification-code call through the
// project's own client, prints every push as it arrives, then a summary. The same calls also go
// to vsp, ucloud and robot subscriptions, shown beside the Huawei pushes.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { encodeUrlParam, PushVerifier, VoxcallClient, type ApiResponse } from '../src/client/index.js';
import { loadConfig, type Config } from '../src/config.js';
import { startPlatform, type Platform } from '../src/platform/platform.js';
import { startFailure } from '../src/platform/start-errors.js';
import { describePush } from './push-lines.js';
import { FormatReceiver } from './demo-formats.js';
import { runDemoTask } from './demo-task.js';

const speed = Number(process.env.VOXCALL_SPEED ?? 5);
const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-demo-'));
// Its own data directory; VOXCALL_PORT and VOXCALL_HOST as for npm start, but a free port by
// default, so that the demo runs beside a running `npm start`.
// A bad setting is reported like a port in use: one line, no stack.
let config: Config | undefined;
let platform: Platform;
try {
  config = loadConfig({ ...process.env, VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: process.env.VOXCALL_PORT || '0', VOXCALL_SPEED: String(speed) });
  platform = await startPlatform({ config, logger: pino({ level: 'warn' }) });
} catch (err) {
  const line = startFailure(err, config);
  if (line === undefined) throw err;
  process.stderr.write(`voxcall demo: ${line}\n`);
  await rm(dataDir, { recursive: true, force: true });
  process.exit(1);
}
const { demo } = platform;
const verifier = new PushVerifier({ appKey: demo.appKey, appSecret: demo.appSecret });
const t0 = Date.now();
const stamp = () => `+${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s`;

interface Seen { kind: string; body: any; signed: boolean }
const seen: Seen[] = [];
const names = new Map<string, string>();
const label = (sid: string) => names.get(sid) ?? sid.slice(0, 12);
let wake: () => void = () => {};
const formats = new FormatReceiver();

const receiver = createServer((req: IncomingMessage, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    const other = formats.handle(req.url ?? '', req.headers, raw);
    if (other) {
      console.log(`${stamp()}  ${formats.describe(other.push, label(other.push.callId))}${other.push.signed ? '' : '  [SIGNATURE REFUSED]'}`);
      res.writeHead(other.reply.status, { 'content-type': 'application/json;charset=UTF-8' }).end(other.reply.body);
      wake();
      return;
    }
    const body = JSON.parse(raw);
    const verdict = verifier.verify(`${receiverUrl}${req.url}`, req.headers as never);
    seen.push({ kind: req.url ?? '', body, signed: verdict.ok });
    console.log(`${stamp()}  ${describePush(req.url ?? '', body, label, { serviceType: true })}${verdict.ok ? '' : `  [SIGNATURE REFUSED: ${verdict.reason}]`}`);
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end('{"resultcode":"0","resultdesc":"Success"}');
    wake();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
const urls = { statusUrl: encodeUrlParam(`${receiverUrl}/status`), feeUrl: encodeUrlParam(`${receiverUrl}/fee`) };

console.log(`voxcall demo: platform ${platform.url}, receiver ${receiverUrl}, simulated network x${speed}`);
console.log(`demo app ${demo.appKey}, display numbers ${demo.displayNumbers.join(', ')}`);
await formats.subscribe(platform.url, platform.adminToken, demo.appKey, receiverUrl);
console.log(`subscriptions: vsp, ucloud and robot at ${receiverUrl}/sub/<format>, signed (Standard Webhooks)\n`);

const client = new VoxcallClient({ baseUrl: platform.url, appKey: demo.appKey, appSecret: demo.appSecret });
const requests: Array<[string, () => Promise<ApiResponse>]> = [
  ['callback', () => client.click2Call({ displayNbr: demo.displayNumbers[0]!, callerNbr: '+8613900000001', displayCalleeNbr: demo.displayNumbers[1]!, calleeNbr: '+8613800000077', recordFlag: 'true', partyTypeRequiredInDisconnect: 'true', userData: 'demo-callback', ...urls } as never)],
  ['notification', () => client.callNotify({ displayNbr: demo.displayNumbers[0]!, calleeNbr: '+8613900000008', playInfoList: [{ notifyVoice: 'welcome.wav' }, { templateId: 'test_template', templateParas: ['3', '人民公园正门'], collectInd: 1 }], userData: 'demo-notify', ...urls } as never)],
  ['verification', () => client.callVerify({ displayNbr: demo.displayNumbers[2]!, calleeNbr: '+8613800000066', languageType: 2, preTone: 'welcome.wav', verifyCode: '2468', times: 2, userData: 'demo-verify', ...urls } as never)],
];
for (const [name, send] of requests) {
  const res = await send();
  const sid = String(res.body.sessionId);
  names.set(sid, name);
  console.log(`${stamp()}  request ${name.padEnd(13)} -> resultcode ${String(res.body.resultcode)} ${String(res.body.resultdesc)}, sessionId ${sid}`);
}

const billed = () => new Set(seen.filter((s) => s.kind === '/fee').flatMap((s) => s.body.feeLst.map((f: any) => f.sessionId)));
const deadline = Date.now() + 600_000 / speed;
const done = () => billed().size === names.size && formats.complete([...names.keys()]);
while (!done() && Date.now() < deadline) await new Promise<void>((r) => { wake = r; setTimeout(r, 500); });

console.log('\nsummary');
for (const [sid, name] of names) {
  const status = seen.filter((s) => s.kind === '/status' && s.body.statusInfo.sessionId === sid);
  const cdr = seen.filter((s) => s.kind === '/fee').flatMap((s) => s.body.feeLst).find((f: any) => f.sessionId === sid);
  const line = [`  ${name.padEnd(13)} ${status.length} status pushes (${status.map((s) => s.body.eventType).join(', ')})`, cdr ? '1 CDR' : 'no CDR yet'];
  if (cdr?.recordObjectName) {
    const link = await client.recordingUrl(cdr.recordObjectName, cdr.recordDomain);
    line.push(`recording ${link.status} -> ${link.location}`);
  }
  console.log(line.join(', '));
}
const huaweiCell = (sid: string) => {
  const f = seen.filter((s) => s.kind === '/fee').flatMap((s) => s.body.feeLst).find((x: any) => x.sessionId === sid);
  return f ? (f.callOutAnswerTime ? `answered, ended ${f.callEndTime}` : `failed, Q.850 ${f.callOutUnaswRsn}`) : 'none yet';
};
console.log('\nthe same calls, side by side (records)');
for (const line of formats.table([...names.entries()], huaweiCell)) console.log(line);

const taskDone = await runDemoTask({
  platformUrl: platform.url, adminToken: platform.adminToken, appKey: demo.appKey, displayNumbers: demo.displayNumbers,
  seen: formats.seen, say: (line) => console.log(line), next: () => new Promise<void>((r) => { wake = r; setTimeout(r, 500); }),
  deadline: Date.now() + 600_000 / speed,
});
const unsigned = seen.filter((s) => !s.signed).length + formats.unsigned;
console.log(`\n  ${seen.length + formats.seen.length} pushes received, ${unsigned === 0 ? 'every signature verified' : `${unsigned} with a bad signature`}`);

await client.close();
await platform.close();
receiver.close();
await rm(dataDir, { recursive: true, force: true });
process.exit(done() && taskDone && unsigned === 0 ? 0 : 1);
