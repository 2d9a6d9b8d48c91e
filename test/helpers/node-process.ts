// A voxcall node as its own process (`npm start`'s entry, src/main.ts), for tests that signal or
// kill it: started with an env of its own, resolved once its banner is out.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from '../../src/store/postgres/pool.js';

export interface NodeProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote so far (banner, logs on stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

const running = new Set<ChildProcess>();

/** Kills (SIGKILL) every node process still running: for a test's after(). */
export async function killAllNodes(): Promise<void> {
  await Promise.all([...running].map((c) => new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  })));
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export function startNodeProcess(env: Record<string, string>, startTimeoutMs = 30_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => {
    running.delete(child);
    resolve(code ?? signal ?? 'unknown');
  }));
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the node did not start within ${startTimeoutMs} ms:\n${out}`)), startTimeoutMs);
    const onData = () => {
      // The banner is one write ending in a blank line.
      const url = /voxcall is listening on (\S+)/.exec(out);
      if (!url || !/\n\n/.test(out.slice(url.index))) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ child, url: url[1]!, output: () => out, exited });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the node exited with ${code} before listening:\n${out}`));
    });
  });
}

/**
 * The env that puts node processes on one store, with a data directory of their own: SQLite in it,
 * or (pgUrl set) a fresh PostgreSQL schema, dropped by cleanup().
 */
export async function sharedStoreEnv(pgUrl: string | undefined): Promise<{ env: Record<string, string>; dataDir: string; cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-nodes-'));
  const schema = `n${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const env: Record<string, string> = { VOXCALL_DATA_DIR: dataDir };
  if (pgUrl) Object.assign(env, { VOXCALL_DATABASE_URL: pgUrl, VOXCALL_DATABASE_SCHEMA: schema });
  return {
    env, dataDir,
    async cleanup() {
      await rm(dataDir, { recursive: true, force: true });
      if (!pgUrl) return;
      const pool = createPool(pgUrl, { schema, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
}
