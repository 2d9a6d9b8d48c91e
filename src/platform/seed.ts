// What a fresh platform needs to be tried at once: the system prompts, the reference's demo media
// (welcome.wav, test_template) and a demo app with every capability and recording on. Idempotent:
// a restart keeps the demo app's key and secret (or adopts the ones set in the environment).

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from '../domain/app.js';
import { SYSTEM_PROMPTS } from '../calls/prompts.js';
import { wavDurationMs, writeToneWav } from '../network/simulated/wav.js';
import type { Store } from '../store/types.js';

export interface DemoApp {
  appKey: string;
  appSecret: string;
  displayNumbers: string[];
}

export const DEMO_NUMBERS = ['+8675528000001', '+8675528000002', '+8675528000003'];
/** A suspended number of the demo app: calls naming it go out on one of the active ones. */
export const DEMO_SUSPENDED_NUMBER = '+8675528000009';
export const DEMO_TEMPLATE = { id: 'test_template', content: '您有${NUM_2}件快递请到${TXT_32}领取' };

/** Platform-wide voice files: the system prompts plus the reference's example file names. */
const PLATFORM_FILES: Array<{ name: string; durationMs: number }> = [
  ...Object.values(SYSTEM_PROMPTS),
  { name: 'welcome.wav', durationMs: 3000 },
  { name: 'pretone.wav', durationMs: 2000 },
  { name: 'posttone.wav', durationMs: 2000 },
];

async function seedMedia(store: Store, mediaDir: string): Promise<void> {
  await mkdir(mediaDir, { recursive: true });
  for (const f of PLATFORM_FILES) {
    const path = join(mediaDir, f.name);
    if (!existsSync(path)) await writeToneWav(path, f.durationMs);
    await store.apps.putVoiceFile({ name: f.name, durationMs: wavDurationMs(path), path, review: 'approved' });
  }
  await store.apps.putTemplate({ ...DEMO_TEMPLATE, review: 'approved' });
}

// Never a leading '-': a key is typed on command lines (the CLI), where it would read as an option.
const token = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/^-/, 'A');

/** The demo app's credentials: the environment's, else the ones kept from an earlier start, else new. */
async function demoCredentials(dataDir: string, env: { appKey?: string; appSecret?: string }): Promise<{ appKey: string; appSecret: string }> {
  const file = join(dataDir, 'demo-app.json');
  let kept: { appKey?: string; appSecret?: string } = {};
  if (existsSync(file)) kept = JSON.parse(await readFile(file, 'utf8')) as typeof kept;
  const creds = {
    appKey: env.appKey ?? kept.appKey ?? token(21),
    appSecret: env.appSecret ?? kept.appSecret ?? token(24),
  };
  if (creds.appKey !== kept.appKey || creds.appSecret !== kept.appSecret) {
    await writeFile(file, JSON.stringify(creds), { mode: 0o600 });
  }
  return creds;
}

export async function seed(store: Store, opts: { dataDir: string; now: number; demo: { appKey?: string; appSecret?: string } }): Promise<DemoApp> {
  await seedMedia(store, join(opts.dataDir, 'media'));
  const creds = await demoCredentials(opts.dataDir, opts.demo);
  const existing = await store.apps.get(creds.appKey);
  if (existing) {
    // The operator may have changed the demo app since (suspended it, rotated its secret, moved
    // a number): a restart keeps all of that. Only a secret set in the environment is applied.
    const appSecret = opts.demo.appSecret ?? existing.appSecret;
    if (appSecret !== existing.appSecret) await store.apps.put({ ...existing, appSecret });
    const numbers = await store.apps.numbers(creds.appKey);
    return { appKey: creds.appKey, appSecret, displayNumbers: numbers.filter((n) => n.status === 'active').map((n) => n.number) };
  }
  const app: App = {
    appKey: creds.appKey,
    appSecret: creds.appSecret,
    spId: 'voxcall_demo_sp',
    name: 'demo',
    status: 'active',
    capabilities: ['callback', 'notify', 'verify'],
    recordingEnabled: true,
    portQuota: 100,
    createdAt: opts.now,
  };
  await store.apps.put(app);
  for (const number of DEMO_NUMBERS) await store.apps.putNumber({ number, appKey: app.appKey, status: 'active' });
  await store.apps.putNumber({ number: DEMO_SUSPENDED_NUMBER, appKey: app.appKey, status: 'suspended' });
  return { ...creds, displayNumbers: DEMO_NUMBERS };
}
