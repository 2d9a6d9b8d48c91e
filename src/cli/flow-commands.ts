// CLI commands for dialogue flows: a thin mirror of /v1/apps/:appKey/flows and /v1/flows/validate
// (docs/flows.md). A flow's JSON comes from a file, or from standard input ("-" or no file).
// create and version validate first, so a flow that does not validate prints every error (one
// line each) before the one `voxcall: ...` line, rather than the first three the refusal quotes.

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { integer } from './app-commands.js';
import { CliError, type ManageCall } from './client.js';
import { printDone, printRecord, printTable, type Out } from './output.js';

interface FlowError { code: string; node?: string; path: string; message: string }
interface Validation { valid: boolean; errors: FlowError[]; errorCount: number; variables: string[] }
type FlowAnswer = Record<string, unknown> & { flow: unknown; uses: Array<Record<string, unknown>>; variables: string[] };

const flowsPath = (appKey: string, rest = '') => `/v1/apps/${encodeURIComponent(appKey)}/flows${rest}`;
const flowPath = (appKey: string, id: string, rest = '') => flowsPath(appKey, `/${encodeURIComponent(id)}${rest}`);

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError("give the flow's JSON file, or pipe it in (voxcall flows create <appKey> < flow.json)");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The flow JSON of a file (or stdin), parsed; a CliError naming the file when it cannot be read or is not JSON. */
export async function readFlow(file: string | undefined): Promise<unknown> {
  const from = file === undefined || file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = from === 'standard input' ? await readStdin() : await readFile(file!, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${from}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new CliError(`${from} is not JSON: ${(err as Error).message}`);
  }
}

const errorLine = (e: FlowError) => `  ${e.node === undefined ? '-' : e.node}  ${e.path || '/'}  ${e.code}  ${e.message}`;

/** Prints a validation: the variables a row must provide, or every error, one line each. */
function printValidation(out: Out, v: Validation, to: 'stdout' | 'stderr'): void {
  if (out.json && to === 'stdout') return void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
  const stream = to === 'stdout' ? process.stdout : process.stderr;
  if (v.valid) return void stream.write(`valid; a task row must provide: ${v.variables.join(', ') || '(nothing)'}\n`);
  stream.write(`${v.errorCount} error(s) (node, JSON Pointer, code, message):\n${v.errors.map(errorLine).join('\n')}\n`);
  if (v.errorCount > v.errors.length) stream.write(`  ... and ${v.errorCount - v.errors.length} more\n`);
}

/** Validates against the app before a create or version; throws (having listed the errors) when invalid. */
async function mustValidate(call: ManageCall, out: Out, appKey: string, flow: unknown): Promise<void> {
  const v = (await call('POST', '/v1/flows/validate', { appKey, flow })) as Validation;
  if (v.valid) return;
  printValidation(out, v, 'stderr');
  throw new CliError(`the flow has ${v.errorCount} error(s), listed above; nothing was stored (VX.FLOW_INVALID)`);
}

function printFlow(out: Out, answer: FlowAnswer, definitionOnly = false): void {
  if (definitionOnly) return void process.stdout.write(`${JSON.stringify(answer.flow, null, 2)}\n`);
  if (out.json) return printRecord(out, answer);
  const { flow, uses, ...rest } = answer;
  printRecord(out, { ...rest, uses: uses.map((u) => `${String(u.kind)} ${String(u.id)} (v${String(u.version)})`) });
  process.stdout.write(`${JSON.stringify(flow, null, 2)}\n`);
}

export function registerFlowCommands(program: Command, call: ManageCall, out: () => Out): void {
  const flows = program.command('flows').description("an app's dialogue flows (the robot of call tasks): JSON graphs of play, say, gather, set, transfer, hangup (docs/flows.md)");
  const fileHelp = "the flow's JSON (docs/flows.md); - or none: standard input";

  flows
    .command('validate [file]')
    .description('checks a flow without storing it; with --app, against the app\'s voice files, templates and numbers too. Exit 1 when invalid')
    .option('--app <appKey>', 'check against this app as well')
    .action(async (file: string | undefined, o: { app?: string }) => {
      const flow = await readFlow(file);
      const v = (await call('POST', '/v1/flows/validate', { flow, appKey: o.app })) as Validation;
      printValidation(out(), v, 'stdout');
      if (!v.valid) process.exitCode = 1;
    });

  flows
    .command('create <appKey> [file]')
    .description('stores a flow as version 1 (validated first)')
    .option('--id <id>', 'its id, the robot_id of its records (default: a new flw_ id)')
    .option('--name <name>', 'for people (default: the id)')
    .option('--note <text>', 'why this version')
    .addHelpText('after', `\n  file: ${fileHelp}`)
    .action(async (appKey: string, file: string | undefined, o: { id?: string; name?: string; note?: string }) => {
      const flow = await readFlow(file);
      await mustValidate(call, out(), appKey, flow);
      const answer = (await call('POST', flowsPath(appKey), { id: o.id, name: o.name, note: o.note, flow })) as FlowAnswer;
      printDone(out(), answer, `flow ${String(answer.id)} of ${appKey} is stored, version 1; a task row must provide: ${answer.variables.join(', ') || '(nothing)'}`);
    });

  flows
    .command('version <appKey> <id> [file]')
    .description('stores a new version of a flow (validated first); earlier versions never change')
    .option('--note <text>', 'why this version')
    .option('--expected-version <n>', 'refuse unless the newest version is n (someone else may have stored one)', integer)
    .addHelpText('after', `\n  file: ${fileHelp}`)
    .action(async (appKey: string, id: string, file: string | undefined, o: { note?: string; expectedVersion?: number }) => {
      const flow = await readFlow(file);
      await mustValidate(call, out(), appKey, flow);
      const answer = (await call('POST', flowPath(appKey, id, '/versions'), { flow, note: o.note, expectedVersion: o.expectedVersion })) as FlowAnswer;
      printDone(out(), answer, `flow ${id} of ${appKey} is at version ${String(answer.version)}`);
    });

  flows
    .command('list <appKey>')
    .description("lists the app's flows, oldest first")
    .option('--limit <n>', 'at most n (1-500, default 100)', integer)
    .option('--cursor <cursor>', 'the next page (the cursor a previous list printed)')
    .action(async (appKey: string, o: { limit?: number; cursor?: string }) => {
      const query = new URLSearchParams();
      if (o.limit !== undefined) query.set('limit', String(o.limit));
      if (o.cursor !== undefined) query.set('cursor', o.cursor);
      const answer = (await call('GET', flowsPath(appKey, query.size ? `?${query}` : ''))) as { flows: Array<Record<string, unknown>>; nextCursor?: string };
      printTable(out(), answer, answer.flows, ['id', 'name', 'version', 'uses', 'updatedAt']);
      if (!out().json && answer.nextCursor) process.stdout.write(`more: --cursor ${answer.nextCursor}\n`);
    });

  flows
    .command('show <appKey> <id> [version]')
    .description('shows a flow: its newest version, or the version given')
    .option('--definition', 'print only the flow JSON (to edit and store as a new version)')
    .action(async (appKey: string, id: string, version: string | undefined, o: { definition?: boolean }) => {
      if (version !== undefined && !/^[1-9][0-9]{0,8}$/.test(version)) throw new CliError(`version must be a whole number from 1, got ${version}`);
      const n = version === undefined ? undefined : Number(version);
      const answer = (await call('GET', flowPath(appKey, id, n === undefined ? '' : `?version=${n}`))) as FlowAnswer;
      printFlow(out(), answer, o.definition === true);
    });

  flows
    .command('versions <appKey> <id>')
    .description("lists a flow's versions, newest first")
    .action(async (appKey: string, id: string) => {
      const answer = (await call('GET', flowPath(appKey, id, '/versions'))) as { versions: Array<Record<string, unknown>> };
      printTable(out(), answer, answer.versions, ['version', 'createdAt', 'note']);
    });

  flows
    .command('delete <appKey> <id>')
    .description('deletes a flow and all its versions; refused while a task uses it')
    .action(async (appKey: string, id: string) => {
      const answer = await call('DELETE', flowPath(appKey, id));
      printDone(out(), answer, `flow ${id} of ${appKey} is deleted`);
    });
}
