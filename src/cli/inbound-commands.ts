// CLI commands for inbound routes: `inbound set|show|remove|list`, a thin mirror of
// /v1/apps/:appKey/numbers/:number/inbound and /v1/apps/:appKey/inbound (docs/inbound.md).

import { InvalidArgumentError, type Command } from 'commander';
import { integer } from './app-commands.js';
import type { ManageCall } from './client.js';
import { printDone, printRecord, printTable, type Out } from './output.js';

type Row = Record<string, unknown>;

interface SetOptions {
  app: string;
  flow?: string;
  flowVersion?: number;
  forward?: string;
  record?: boolean;
  display?: string;
  ringTimeoutS?: number;
  maxDurationS?: number;
  url?: string;
  timeoutMs?: number;
  fallbackFlow?: string;
  fallbackForward?: string;
  fallbackReject?: string | true;
}

const routePath = (appKey: string, number: string) => `/v1/apps/${encodeURIComponent(appKey)}/numbers/${encodeURIComponent(number)}/inbound`;

function display(v: string): string {
  if (v !== 'caller' && v !== 'number') throw new InvalidArgumentError('caller or number');
  return v;
}

function forward(to: string, o: SetOptions): Row {
  return {
    type: 'forward', to,
    ...(o.record ? { record: true } : {}), ...(o.display ? { display: o.display } : {}),
    ...(o.ringTimeoutS !== undefined ? { ringTimeoutS: o.ringTimeoutS } : {}), ...(o.maxDurationS !== undefined ? { maxDurationS: o.maxDurationS } : {}),
  };
}

/** The route body the options describe; exactly one of --flow, --forward, --url. */
export function routeBody(o: SetOptions): Row {
  const kinds = [o.flow, o.forward, o.url].filter((v) => v !== undefined);
  if (kinds.length !== 1) throw new InvalidArgumentError('give exactly one of --flow, --forward, --url');
  if (o.flow !== undefined) return { type: 'flow', flowId: o.flow, ...(o.flowVersion !== undefined ? { flowVersion: o.flowVersion } : {}) };
  if (o.forward !== undefined) return forward(o.forward, o);
  const fallbacks = [o.fallbackFlow, o.fallbackForward, o.fallbackReject].filter((v) => v !== undefined);
  if (fallbacks.length !== 1) throw new InvalidArgumentError('--url needs exactly one of --fallback-flow, --fallback-forward, --fallback-reject');
  const fallback = o.fallbackFlow !== undefined ? { type: 'flow', flowId: o.fallbackFlow }
    : o.fallbackForward !== undefined ? forward(o.fallbackForward, o)
      : { type: 'reject', ...(typeof o.fallbackReject === 'string' ? { reason: o.fallbackReject } : {}) };
  return { type: 'url', url: o.url, ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}), fallback };
}

/** One line saying what the route does. */
function describe(a: Row): string {
  if (a.type === 'flow') return `flow ${String(a.flowId)}${a.flowVersion !== undefined ? ` v${String(a.flowVersion)}` : ''}`;
  if (a.type === 'forward') return `forward to ${String(a.to)}${a.record ? ' (recorded)' : ''}`;
  if (a.type === 'reject') return `reject${a.reason !== undefined ? ` (${String(a.reason)})` : ''}`;
  return `ask ${String(a.url)} within ${String(a.timeoutMs)} ms, else ${describe(a.fallback as Row)}`;
}

export function registerInboundCommands(program: Command, call: ManageCall, out: () => Out): void {
  const inbound = program.command('inbound').description('inbound routes: what a call to an app\'s number does');

  inbound.command('set <number>').description('sets the inbound route of an app\'s number (replacing its route)')
    .requiredOption('--app <appKey>', 'the app that owns the number')
    .option('--flow <flowId>', 'run one of the app\'s flows')
    .option('--flow-version <n>', 'the flow\'s version (default: the newest when the call arrives)', integer)
    .option('--forward <number>', 'forward the call to this number')
    .option('--record', 'record a forwarded call')
    .option('--display <who>', 'forward: what the forwarded party sees, caller (default) or number', display)
    .option('--ring-timeout-s <n>', 'forward: seconds it may ring (default 30)', integer)
    .option('--max-duration-s <n>', 'forward: seconds of talk at most', integer)
    .option('--url <url>', 'ask the app\'s URL what to do (docs/inbound.md)')
    .option('--timeout-ms <n>', 'url: how long to wait for the answer (default 3000)', integer)
    .option('--fallback-flow <flowId>', 'url: run this flow when the URL cannot tell')
    .option('--fallback-forward <number>', 'url: forward here when the URL cannot tell (with --record, --display, ...)')
    .option('--fallback-reject [reason]', 'url: refuse the call when the URL cannot tell')
    .action(async (number: string, o: SetOptions) => {
      const answer = (await call('PUT', routePath(o.app, number), routeBody(o))) as Row & { action: Row };
      printDone(out(), answer, `${number}: ${describe(answer.action)}`);
    });

  inbound.command('show <number>').description('the inbound route of an app\'s number')
    .requiredOption('--app <appKey>', 'the app that owns the number')
    .action(async (number: string, o: { app: string }) => {
      const answer = (await call('GET', routePath(o.app, number))) as Row & { action: Row };
      printRecord(out(), out().json ? answer : { number: answer.number, appKey: answer.appKey, route: describe(answer.action) });
    });

  inbound.command('remove <number>').description('removes the inbound route of an app\'s number (its calls are then refused)')
    .requiredOption('--app <appKey>', 'the app that owns the number')
    .action(async (number: string, o: { app: string }) => {
      await call('DELETE', routePath(o.app, number));
      printDone(out(), {}, `removed the inbound route of ${number}`);
    });

  inbound.command('list').description('the inbound routes of an app\'s numbers')
    .requiredOption('--app <appKey>', 'the app')
    .action(async (o: { app: string }) => {
      const answer = (await call('GET', `/v1/apps/${encodeURIComponent(o.app)}/inbound`)) as { routes: Array<Row & { action: Row }> };
      printTable(out(), answer, answer.routes.map((r) => ({ number: r.number, route: describe(r.action) })), ['number', 'route']);
    });
}
