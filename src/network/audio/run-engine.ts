// Runs one TTS program: argv without a shell (nothing in the text or the configuration is ever
// interpreted by one), the text on stdin (never on the command line, where it could be taken for
// an option), a WAV on stdout. Bounded in time and in output size; every failure is an Error that
// says which program and why. The program runs in a process group of its own, so a timeout also
// ends what a wrapper script started (otherwise a `sh -c` grandchild keeps stdout open).

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Synthesis } from './tts.js';
import { wavToPcm } from './wav-read.js';

export interface EngineRun {
  argv: readonly string[];
  text: string;
  timeoutMs: number;
  /** What to tell the operator when the program is not installed. */
  installHint: string;
  /** Largest WAV accepted on stdout (a runaway engine is stopped there). */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const STDERR_KEPT = 2000;

export function runEngine(run: EngineRun): Promise<Synthesis> {
  const [cmd, ...args] = run.argv;
  if (!cmd) return Promise.reject(new Error('TTS command is empty'));
  const maxBytes = run.maxBytes ?? DEFAULT_MAX_BYTES;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let failure: Error | undefined;
    const stop = (e: Error): void => {
      failure ??= e;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone: the close that follows settles the promise.
      }
    };
    const timer = setTimeout(() => stop(new Error(`TTS engine ${cmd} timed out after ${run.timeoutMs} ms`)), run.timeoutMs);

    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ENOENT') reject(new Error(`TTS engine ${cmd} is not installed (not found on PATH): ${run.installHint}`));
      else reject(new Error(`TTS engine ${cmd} could not start: ${e.message}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes) stop(new Error(`TTS engine ${cmd} wrote more than ${maxBytes} bytes`));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEPT) stderr += chunk.toString('utf8').slice(0, STDERR_KEPT - stderr.length);
    });
    // A program that ignores its input may exit before reading it: the broken pipe is not the failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(run.text + '\n', 'utf8');

    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (code !== 0) {
        const why = signal ? `was killed by ${signal}` : `exited with status ${code}`;
        return reject(new Error(`TTS engine ${cmd} ${why}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
      }
      // The engine's time only: resampling is ours, and yields to other work while it runs.
      const synthesisMs = Math.round(performance.now() - started);
      wavToPcm(Buffer.concat(out), 'engine', `the output of TTS engine ${cmd}`).then((pcm) => resolve({ pcm, synthesisMs }), reject);
    });
  });
}
