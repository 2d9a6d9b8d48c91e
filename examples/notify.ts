// README's client example, runnable: `npx tsx examples/notify.ts` while `npm start` runs. It calls
// the server running from ./data (VOXCALL_DATA_DIR) as its demo app; VOXCALL_SERVER,
// VOXCALL_APP_KEY and VOXCALL_APP_SECRET name another server or app.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VoxcallClient, encodeUrlParam } from '../src/client/index.js';

const env = process.env;
const dataDir = env.VOXCALL_DATA_DIR ?? 'data';
const fromDataDir = <T>(file: string): Partial<T> => {
  try {
    return JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as Partial<T>;
  } catch {
    return {};
  }
};
const demo = fromDataDir<{ appKey: string; appSecret: string }>('demo-app.json');
const baseUrl = env.VOXCALL_SERVER ?? fromDataDir<{ url: string }>('server.json').url ?? 'http://127.0.0.1:8080';
const appKey = env.VOXCALL_APP_KEY ?? demo.appKey;
const appSecret = env.VOXCALL_APP_SECRET ?? demo.appSecret;
if (!appKey || !appSecret) {
  process.stderr.write(`no app: start voxcall (npm start) so ${dataDir}/demo-app.json exists, or set VOXCALL_APP_KEY and VOXCALL_APP_SECRET\n`);
  process.exit(1);
}

const client = new VoxcallClient({ baseUrl, appKey, appSecret });
const res = await client.callNotify({
  displayNbr: '+8675528000001',
  calleeNbr: '+8613900000008',
  playInfoList: [{ templateId: 'test_template', templateParas: ['3', '人民公园正门'], collectInd: 1 }],
  // Where the status events and the CDR go (Base64, as the reference wants); nothing needs to listen there to try this.
  statusUrl: encodeUrlParam('http://127.0.0.1:9000/status'),
  feeUrl: encodeUrlParam('http://127.0.0.1:9000/fee'),
});
console.log(res.body); // { resultcode: '0', resultdesc: 'Success', sessionId: '1202_...' }
await client.close();
