// First contact: `npm start` (src/main.ts) and `npm run demo` (scripts/demo.ts) as real processes.
// A start that a setting can fix ends with one line naming the setting, not a stack trace; the
// demo listens where VOXCALL_PORT says.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { startTestPlatform } from '../helpers/platform.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run { code: number | null; stdout: string; stderr: string }

function run(script: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, VOXCALL_LOG_LEVEL: 'warn', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function hold(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

async function withDataDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'voxcall-start-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a port in use: one line naming VOXCALL_PORT and VOXCALL_HOST, exit 1', async () => {
  const held = await hold();
  try {
    const r = await withDataDir((dir) => run('src/main.ts', { VOXCALL_DATA_DIR: dir, VOXCALL_HOST: '127.0.0.1', VOXCALL_PORT: String(held.port) }));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `voxcall: 127.0.0.1:${held.port} is already in use: set VOXCALL_PORT to a free port (0 picks one), or VOXCALL_HOST to another address\n`);
    assert.doesNotMatch(r.stdout, /listening/);
  } finally {
    held.server.close();
  }
});

test('a bad setting and a data directory already in use: one line each, exit 1', async () => {
  const t = await startTestPlatform();
  try {
    const [bad, taken] = await Promise.all([
      withDataDir((dir) => run('src/main.ts', { VOXCALL_DATA_DIR: dir, VOXCALL_PORT: 'eighty' })),
      // The test platform runs in this process and wrote its server.json there.
      run('src/main.ts', { VOXCALL_DATA_DIR: t.dataDir, VOXCALL_PORT: '0' }),
    ]);
    assert.deepEqual([bad.code, bad.stderr], [1, 'voxcall: VOXCALL_PORT must be a number >= 0, got "eighty"\n']);
    assert.equal(taken.code, 1);
    assert.equal(taken.stderr.split('\n').length, 2, taken.stderr);
    assert.match(taken.stderr, new RegExp(`^voxcall: a voxcall \\(pid ${process.pid}\\) already runs from .* at ${t.platform.url.replace(/\./g, '\\.')}: stop it, or set VOXCALL_DATA_DIR`));
  } finally {
    await t.close();
  }
});

test('a bad VOXCALL_PUBLIC_URL: one line, exit 1, no stack (npm start and npm run demo)', async () => {
  const [start, demo] = await Promise.all([
    withDataDir((dir) => run('src/main.ts', { VOXCALL_DATA_DIR: dir, VOXCALL_PUBLIC_URL: 'notaurl' })),
    withDataDir((dir) => run('scripts/demo.ts', { VOXCALL_DATA_DIR: dir, VOXCALL_PUBLIC_URL: 'notaurl' })),
  ]);
  const line = 'VOXCALL_PUBLIC_URL must be an absolute URL such as https://voice.example.com, got "notaurl"';
  assert.deepEqual([start.code, start.stderr], [1, `voxcall: ${line}\n`]);
  assert.equal(demo.code, 1);
  assert.equal(demo.stderr.trimEnd().split('\n').length, 1, demo.stderr);
  assert.match(demo.stderr, new RegExp(`${line.replace(/[.()?]/g, '\\$&')}\n$`));
  assert.doesNotMatch(demo.stderr, /\n\s+at /);
});

test('npm run demo listens on VOXCALL_PORT', async () => {
  const held = await hold();
  const port = held.port;
  // Freed for the demo to take; the demo's own refusal says so if another process takes it first.
  await new Promise<void>((r) => held.server.close(() => r()));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    cwd: ROOT, env: { ...process.env, VOXCALL_PORT: String(port), VOXCALL_SPEED: '50' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const first = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    void exited.then(() => reject(new Error(`the demo exited before printing: ${stderr}`)));
  });
  assert.match(first, new RegExp(`^voxcall demo: platform http://127\\.0\\.0\\.1:${port},`));
  // It listens there while it runs (the first line comes after listen).
  const health = await request(`http://127.0.0.1:${port}/health`);
  assert.equal(health.statusCode, 200);
  await health.body.dump();
  assert.equal(await exited, 0, stderr);
});

test('npm run demo on a port in use: one line, exit 1', async () => {
  const held = await hold();
  try {
    const r = await run('scripts/demo.ts', { VOXCALL_PORT: String(held.port) });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `voxcall demo: 127.0.0.1:${held.port} is already in use: set VOXCALL_PORT to a free port (0 picks one), or VOXCALL_HOST to another address\n`);
  } finally {
    held.server.close();
  }
});
