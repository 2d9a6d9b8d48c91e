// `npm start` as README has a user run it: SIGTERM to the npm process (what a service manager or
// `kill <pid>` sends) stops the server itself, not only npm: the port is free and server.json gone.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** This process's environment without the VOXCALL_ settings of whoever runs the tests. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VOXCALL_')));
}

/** Whether a listener can take the port now (it is free). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

test('SIGTERM to the npm start process stops the server: server.json removed, port free', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'voxcall-npm-start-'));
  let serverPid: number | undefined;
  try {
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...cleanEnv(), VOXCALL_PORT: '0', VOXCALL_HOST: '127.0.0.1', VOXCALL_DATA_DIR: dataDir, VOXCALL_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    npm.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    // The banner is written once the platform listens, after server.json.
    await new Promise<void>((resolve, reject) => {
      let out = '';
      npm.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('voxcall is listening on')) resolve();
      });
      void exited.then((code) => reject(new Error(`npm start exited (${code}) before listening: ${stderr}`)));
    });
    const file = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { url: string; pid: number };
    serverPid = file.pid;
    const port = Number(new URL(file.url).port);
    assert.equal(await portFree(port), false, 'the server listens');

    npm.kill('SIGTERM');
    await exited;
    // npm may exit as soon as it has passed the signal on: the server's own exit is what counts.
    for (const deadline = Date.now() + 30_000; alive(file.pid) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    assert.equal(existsSync(join(dataDir, 'server.json')), false, 'server.json is removed');
    assert.equal(alive(file.pid), false, `the server process ${file.pid} is gone`);
    assert.equal(await portFree(port), true, `port ${port} is free`);
  } finally {
    // When the test fails, the server it started does not outlive it.
    if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
