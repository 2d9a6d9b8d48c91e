// `voxcall` / `npm run cli -- <command>`: the management API from a terminal. Base URL and token
// come from --url/--token, else VOXCALL_URL/VOXCALL_ADMIN_TOKEN, else the local defaults (the
// token `npm start` keeps in ./data/admin-token), so a newcomer on the same machine needs neither.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerAppCommands } from './app-commands.js';
import { CliError, manageClient, type ManageCall } from './client.js';
import { registerMediaCommands } from './media-commands.js';
import { registerPolicyCommands } from './policy-commands.js';
import { registerSubscriptionCommands } from './subscription-commands.js';
import { registerPushCommands } from './push-commands.js';
import { registerEndpointCommands } from './endpoint-commands.js';
import { registerCallCommands } from './call-commands.js';
import { manageDownload } from './download.js';

const env = process.env;

const program = new Command('voxcall')
  .description('Manage a voxcall platform: apps, numbers, voice files, templates, lists and limits, subscriptions, deliveries.')
  .option('--url <url>', 'base URL of voxcall (env VOXCALL_URL)', env.VOXCALL_URL ?? 'http://127.0.0.1:8080')
  .option('--token <token>', 'management token (env VOXCALL_ADMIN_TOKEN; default: <data dir>/admin-token)')
  .option('--json', 'print the API answers as JSON, for scripts')
  .showHelpAfterError()
  .exitOverride();

/** The token of the flags, the environment, or the data directory of a local `npm start`. */
function token(): string {
  const given = (program.opts().token as string | undefined) ?? env.VOXCALL_ADMIN_TOKEN;
  if (given) return given;
  const file = join(resolve(env.VOXCALL_DATA_DIR || './data'), 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new CliError('no management token: pass --token or set VOXCALL_ADMIN_TOKEN (npm start prints it)');
}

// Resolved per call, after commander has parsed the global options.
const call: ManageCall = (method, path, body, opts) => manageClient(program.opts().url as string, token())(method, path, body, opts);
const out = () => ({ json: program.opts().json === true });

registerAppCommands(program, call, out);
registerMediaCommands(program, call, out);
registerPolicyCommands(program, call);
registerSubscriptionCommands(program, call);
registerPushCommands(program, call, out, (path) => manageDownload(program.opts().url as string, token())(path));
registerEndpointCommands(program, call, out);
registerCallCommands(program, call, out);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has printed its message (or the help/version) already.
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`voxcall: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
