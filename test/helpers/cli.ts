// The `voxcall` CLI as a user runs it: a real subprocess of bin/voxcall.js. What it talks to and
// with which token is exactly what a test gives it: the CLI's own variables are never inherited
// from the shell that runs the tests (a developer's VOXCALL_URL would otherwise clash with the
// VOXCALL_SERVER given here, or point a test at their own server).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestPlatform } from './platform.js';

export const BIN = fileURLToPath(new URL('../../bin/voxcall.js', import.meta.url));

const CLI_VARIABLES = ['VOXCALL_SERVER', 'VOXCALL_URL', 'VOXCALL_ADMIN_TOKEN', 'VOXCALL_DATA_DIR'];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** An environment variable set to undefined is left out. */
export type CliEnv = Record<string, string | undefined>;

/** `voxcall args` with this process's environment minus the CLI's own variables, plus `env`. */
export function runCli(args: string[], env: CliEnv, timeoutMs = 30_000): Promise<CliRun> {
  const base: CliEnv = { ...process.env };
  for (const k of CLI_VARIABLES) delete base[k];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...base, ...env }, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * A `voxcall` pointed at a test platform: its address (VOXCALL_SERVER), admin token and data
 * directory; `env` adds to or overrides them. `ok` asserts exit 0 and returns stdout.
 * The platform is read at each call (usePlatform starts it in a before hook).
 */
export function cliOf(t: () => TestPlatform): { voxcall(args: string[], env?: CliEnv): Promise<CliRun>; ok(args: string[]): Promise<string> } {
  const voxcall = (args: string[], env: CliEnv = {}) =>
    runCli(args, { VOXCALL_SERVER: t().platform.url, VOXCALL_ADMIN_TOKEN: t().platform.adminToken, VOXCALL_DATA_DIR: t().dataDir, ...env });
  return {
    voxcall,
    async ok(args) {
      const r = await voxcall(args);
      assert.equal(r.code, 0, `voxcall ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
  };
}
