// `npm run demo:sip` (scripts/demo-sip.ts) as a real process: baresip phones, the platform on its
// SIP network, three calls. It exits 0 and its summary says what every call did; the recording it
// keeps is a playable A-law WAV holding both parties' tones. Without baresip it says what to install.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeWav, tone } from '../../scripts/lab/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = 'scripts/demo-sip.ts';

interface Run { code: number | null; stdout: string; stderr: string }

function run(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('demo:sip places its three calls on real phones and exits 0 with a summary of each', { timeout: 120_000 }, async () => {
  const kept = await mkdtemp(join(tmpdir(), 'voxcall-demo-sip-rec-'));
  try {
    const r = await run({ VOXCALL_DEMO_RECORDINGS: kept });
    const why = `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
    assert.equal(r.code, 0, why);
    const summary = r.stdout.slice(r.stdout.indexOf('\nsummary\n'));
    assert.match(summary, /^ {2}notification {2}answered, ended stateCode 0 \(The user releases the call\.\), digits "1" {2}\[as expected\]$/m, why);
    assert.match(summary, /^ {2}verification {2}answered, ended stateCode 0 \(The user releases the call\.\), the phone heard [\d.]+ s of speech {2}\[as expected\]$/m, why);
    const cb = /^ {2}callback {6}answered, ended stateCode 0 \(The user releases the call\.\) by caller, recording (\S+\.wav) \(alaw, [\d.]+ s\): hint tone [\d.]+ s, caller's 440 Hz ([\d.]+) s, callee's 660 Hz ([\d.]+) s, download link 301 {2}\[as expected\]$/m.exec(summary);
    assert.ok(cb, why);
    assert.match(summary, /every signature verified/, why);
    assert.match(summary, /network at the end: up, 0 open legs/, why);
    // The recording outlives the demo, where it said, and holds what the summary printed.
    const path = cb[1]!;
    assert.ok(path.startsWith(kept) && existsSync(path), `${path} kept in ${kept}`);
    const a = analyzeWav(path, { frequencies: [440, 660] });
    assert.equal(a.encoding, 'alaw');
    assert.equal(a.sampleRate, 8000);
    assert.ok(tone(a, 440).seconds > 1 && tone(a, 660).seconds > 1, JSON.stringify(a.tones));
    assert.equal(tone(a, 440).seconds.toFixed(1), cb[2]);
    assert.equal(tone(a, 660).seconds.toFixed(1), cb[3]);
  } finally {
    await rm(kept, { recursive: true, force: true });
  }
});

test('demo:sip without baresip on the PATH: one line naming the packages, exit 1', async () => {
  // A PATH holding node only: the demo finds neither baresip nor espeak-ng.
  const bin = await mkdtemp(join(tmpdir(), 'voxcall-node-only-'));
  try {
    await symlink(process.execPath, join(bin, 'node'));
    const r = await run({ PATH: bin, VOXCALL_TTS_COMMAND: '' });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.stderr, 'voxcall demo:sip: baresip and espeak-ng not found on PATH: apt-get install -y baresip-core espeak-ng sox\n');
    assert.equal(r.stdout, '');
  } finally {
    await rm(bin, { recursive: true, force: true });
  }
});
