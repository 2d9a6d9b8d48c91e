// A real voxcall process (`npm start`'s entry, src/main.ts) for tests that kill it: started with
// an environment, resolved once its banner is out, tracked so a failed assertion never leaves one
// running (stopAll in the file's after hook).

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const running = new Set<ChildProcess>();
/** Everything each server wrote, kept after its banner: why it exited, when it exits early. */
const outputs = new WeakMap<ChildProcess, string[]>();

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Starts the server; resolves with the process and its banner once it listens. */
export function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const kept: string[] = [];
    outputs.set(child, kept);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      kept.push(chunk.toString());
      // The banner is one write ending in a blank line.
      if (out.includes('voxcall is listening') && /\n\n$/.test(out)) {
        clearTimeout(timer);
        resolve({ child, banner: out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
      kept.push(c.toString());
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
}

/** The last `chars` characters the server wrote (stdout and stderr). */
export function outputOf(child: ChildProcess, chars = 4000): string {
  return (outputs.get(child) ?? []).join('').slice(-chars);
}

/**
 * Sends the signal and resolves when the process has exited. A server that exited on its own
 * before (a crash the test did not cause) is an error, with what it last wrote: waiting for its
 * exit event would wait for ever.
 */
export async function stopServer(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    if (signal === 'SIGKILL') return;
    throw new Error(`the server had exited by itself (code ${child.exitCode}, signal ${child.signalCode}):\n${outputOf(child)}`);
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

/** Kills every server still running (a test that failed half-way). */
export function stopAll(): void {
  for (const c of running) c.kill('SIGKILL');
}
