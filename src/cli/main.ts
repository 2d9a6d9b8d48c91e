// `voxcall` / `npm run cli -- <command>`: the management API from a terminal. The server is
// --server (VOXCALL_SERVER), else the one running from the data directory; the token is --token
// (VOXCALL_ADMIN_TOKEN), else the one that server keeps there (src/cli/server.ts). This module
// builds the command tree; bin/voxcall.js runs it (`main`), tests walk it (`program`).

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { refuseMisplacedUrl } from './global-options.js';
import { resolveTarget, type Target } from './server.js';
import { registerAppCommands } from './app-commands.js';
import { manageClient, type ManageCall } from './client.js';
import { registerMediaCommands } from './media-commands.js';
import { registerPolicyCommands } from './policy-commands.js';
import { registerSubscriptionCommands } from './subscription-commands.js';
import { registerPushCommands } from './push-commands.js';
import { registerEndpointCommands } from './endpoint-commands.js';
import { registerLockoutCommands } from './lockout-commands.js';
import { registerCallCommands } from './call-commands.js';
import { manageDownload } from './download.js';
import { registerMigrateStoreCommand } from './migrate-store-command.js';
import { registerFlowCommands } from './flow-commands.js';
import { registerTaskCommands } from './task-commands.js';
import { registerPoolCommands } from './pool-commands.js';
import { registerSimulateCommands } from './simulate-commands.js';
import { registerInboundCommands } from './inbound-commands.js';

const env = process.env;
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const program = new Command('voxcall')
  .description('Manage a voxcall platform: apps, numbers, voice files, templates, lists and limits, subscriptions, deliveries.')
  .option('--server <url>', 'address of voxcall (env VOXCALL_SERVER; default: the one running from the data directory, else http://127.0.0.1:8080)')
  .option('--token <token>', 'management token (env VOXCALL_ADMIN_TOKEN; default: the running server\'s <data dir>/admin-token)')
  .option('--json', 'print the API answers as JSON, for scripts')
  .version(version, '-V, --version', 'prints the version of voxcall')
  .showHelpAfterError()
  .exitOverride();

// Resolved at the first request, after commander has parsed the global options.
let resolved: Target | undefined;
const target = (): Target => (resolved ??= resolveTarget(program.opts<{ server?: string; token?: string }>(), env));
const call: ManageCall = (method, path, body, opts) => manageClient(target())(method, path, body, opts);
const out = () => ({ json: program.opts().json === true });

registerAppCommands(program, call, out);
registerMediaCommands(program, call, out);
registerPolicyCommands(program, call, out);
registerSubscriptionCommands(program, call, out);
registerPushCommands(program, call, out, (path) => manageDownload(target())(path));
registerEndpointCommands(program, call, out);
registerLockoutCommands(program, call, out);
registerCallCommands(program, call, out, () => target().base.href.replace(/\/$/, ''));
registerMigrateStoreCommand(program);
registerFlowCommands(program, call, out);
registerTaskCommands(program, call, out, (path) => manageDownload(target())(path));
registerPoolCommands(program, call, out);
registerSimulateCommands(program, call, out);
registerInboundCommands(program, call, out);

// Commander prints the errors of its own parsing before it throws them; an error thrown once an
// action runs (a CliError, or an InvalidArgumentError raised by an action's own check) is printed here.
let inAction = false;
program.hook('preAction', () => {
  inAction = true;
});

export async function main(argv: string[]): Promise<void> {
  try {
    refuseMisplacedUrl(program, argv.slice(2));
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError && !inAction) {
      // Commander has printed its message (or the help/version) already.
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`voxcall: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
