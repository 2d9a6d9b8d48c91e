// CLI commands for push subscriptions: `subscriptions list|add|update|pause|resume|remove`. A
// thin mirror of /v1/apps/:appKey/subscriptions through the `request` function main.ts gives
// (base URL and bearer token are main's business).

import { InvalidArgumentError, type Command } from 'commander';
import { isoTimes, printRecord, printTable, type Out } from './output.js';

/** Calls the management API; resolves to the parsed JSON answer, rejects with its error message. */
export type SubscriptionRequest = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<unknown>;

const EVENTS = ['callout', 'alerting', 'answer', 'collectInfo', 'disconnect'];
/** What a parser returns for "back to the default": commander does not keep a null option value. */
const RESET = 'reset' as const;
type Reset = typeof RESET;

function events(v: string): string[] | Reset {
  if (v === 'all') return RESET;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const e of list) if (!EVENTS.includes(e)) throw new InvalidArgumentError(`events are ${EVENTS.join(', ')} (comma-separated), or "all"`);
  return list;
}

function schedule(v: string): number[] | Reset {
  if (v === 'default') return RESET;
  if (v === 'none') return [];
  const list = v.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 0)) throw new InvalidArgumentError('delays in ms, comma-separated (e.g. 0,5000,30000), "none" or "default"');
  return list;
}

function timeout(v: string): number | Reset {
  if (v === 'default') return RESET;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('milliseconds, or "default"');
  return n;
}

function secret(v: string): string | true | Reset {
  if (v === 'generate') return true;
  if (v === 'none') return RESET;
  if (!v.startsWith('whsec_')) throw new InvalidArgumentError('"generate", "none" or whsec_<base64>');
  return v;
}

interface Opts {
  app: string;
  url?: string;
  failover?: string | Reset;
  format?: string;
  receives?: string;
  events?: string[] | Reset;
  retry?: number[] | Reset;
  timeout?: number | Reset;
  secret?: string | true | Reset;
}

/** The body fields the options set (undefined ones are left out: "no change"). */
function body(o: Opts): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  // RESET becomes null: the API's "remove this override".
  const put = (k: string, v: unknown) => { if (v !== undefined) b[k] = v === RESET ? null : v; };
  put('url', o.url);
  put('failoverUrl', o.failover);
  put('format', o.format);
  put('receives', o.receives);
  put('events', o.events);
  put('retrySchedule', o.retry);
  put('timeoutMs', o.timeout);
  put('secret', o.secret);
  return b;
}

const path = (app: string, id?: string) => `/v1/apps/${encodeURIComponent(app)}/subscriptions${id ? `/${encodeURIComponent(id)}` : ''}`;
type Row = Record<string, unknown>;

/** One subscription as "key: value" lines, ISO times; a generated secret (shown once) under it. */
function printSubscription(out: Out, answer: { subscription: Row; secret?: string }): void {
  if (out.json) return printRecord(out, answer);
  printRecord(out, { ...isoTimes(answer.subscription), ...(answer.secret ? { secret: answer.secret } : {}) });
  if (answer.secret) console.log('the secret is shown this once: give it to the receiver now');
}

function withFields(cmd: Command): Command {
  return cmd
    .option('--failover <url>', 'tried at once when the url fails; "none" removes it', (v: string) => (v === 'none' ? RESET : v))
    .option('--receives <what>', 'status, records or both')
    .option('--events <list>', `status events to push, comma-separated (${EVENTS.join(', ')}), or "all"`, events)
    .option('--retry <delays>', 'retry delays in ms, comma-separated; "none" or "default"', schedule)
    .option('--timeout <ms>', 'per-attempt timeout in ms (100-5000), or "default"', timeout)
    .option('--secret <secret>', 'Standard Webhooks secret: "generate" (printed once), whsec_<base64>, or "none"', secret);
}

export function registerSubscriptionCommands(program: Command, request: SubscriptionRequest, out: () => Out): void {
  const subs = program.command('subscriptions').description("an app's push subscriptions (formats: huawei, vsp, ucloud, robot, voxcall)");

  subs.command('list').description("lists the app's subscriptions").requiredOption('--app <appKey>', 'the app')
    .action(async (o: Opts) => {
      const answer = (await request('GET', path(o.app))) as { subscriptions: Row[] };
      printTable(out(), answer, answer.subscriptions.map(isoTimes), ['id', 'format', 'receives', 'enabled', 'signed', 'events', 'createdAt', 'url', 'failoverUrl']);
    });

  withFields(subs.command('add').description('adds a subscription').requiredOption('--app <appKey>', 'the app')
    .requiredOption('--url <url>', 'where the pushes go').requiredOption('--format <format>', 'huawei, vsp, ucloud, robot or voxcall (task events)'))
    .action(async (o: Opts) => printSubscription(out(), (await request('POST', path(o.app), body(o))) as { subscription: Row }));

  withFields(subs.command('update <id>').description('changes the options given').requiredOption('--app <appKey>', 'the app')
    .option('--url <url>', 'where the pushes go').option('--format <format>', 'huawei, vsp, ucloud, robot or voxcall (task events)'))
    .action(async (id: string, o: Opts) => printSubscription(out(), (await request('PATCH', path(o.app, id), body(o))) as { subscription: Row }));

  for (const verb of ['pause', 'resume'] as const) {
    subs.command(`${verb} <id>`).description(verb === 'pause' ? 'stops new pushes until resumed' : 'resumes a paused subscription')
      .requiredOption('--app <appKey>', 'the app')
      .action(async (id: string, o: Opts) => printSubscription(out(), (await request('POST', `${path(o.app, id)}/${verb}`)) as { subscription: Row }));
  }

  subs.command('test <id>').description('sends one signed sample push in its format now and prints the answer (no call, nothing stored)')
    .requiredOption('--app <appKey>', 'the app')
    .option('--kind <kind>', 'status or record (default: status when it receives status events its format pushes)', (v: string) => {
      if (v !== 'status' && v !== 'record') throw new InvalidArgumentError('status or record');
      return v;
    })
    .action(async (id: string, o: Opts & { kind?: string }) => {
      const answer = (await request('POST', `${path(o.app, id)}/test`, o.kind ? { kind: o.kind } : {})) as { test: Row & { ok: boolean } };
      printRecord(out(), out().json ? answer : isoTimes(answer.test));
      // A receiver that refused it makes the command fail, so a script can tell.
      if (!answer.test.ok) process.exitCode = 1;
    });

  subs.command('remove <id>').description('deletes a subscription').requiredOption('--app <appKey>', 'the app')
    .action(async (id: string, o: Opts) => {
      await request('DELETE', path(o.app, id));
      console.log(`removed ${id}`);
    });
}
