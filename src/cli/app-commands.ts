// CLI commands for apps and their display numbers: a thin mirror of /v1/apps and /v1/apps/:appKey/numbers.

import { InvalidArgumentError, type Command } from 'commander';
import type { ManageCall } from './client.js';
import { printDone, printRecord, printTable, type Out } from './output.js';

type AppAnswer = Record<string, unknown> & { appKey: string; appSecret?: string };

const CAPABILITIES = ['callback', 'notify', 'verify'];

export function capabilities(v: string): string[] {
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const c of list) if (!CAPABILITIES.includes(c)) throw new InvalidArgumentError(`capabilities are ${CAPABILITIES.join(', ')} (comma-separated)`);
  return list;
}

export function integer(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a whole number');
  return Number(v);
}

const list = (v: string) => (v === 'none' ? [] : v.split(',').map((s) => s.trim()).filter(Boolean));
const urlOrNone = (v: string) => (v === 'none' ? null : v);
function onOff(v: string): boolean {
  if (v !== 'on' && v !== 'off') throw new InvalidArgumentError('on or off');
  return v === 'on';
}

const path = (appKey: string, rest = '') => `/v1/apps/${encodeURIComponent(appKey)}${rest}`;

export function registerAppCommands(program: Command, call: ManageCall, out: () => Out): void {
  const app = program.command('app').description('applications: credentials, capabilities, defaults');

  app
    .command('create <name>')
    .description('creates an app and prints its key and secret (the secret is shown only now)')
    .option('--capabilities <list>', 'callback,notify,verify (default: all three)', capabilities)
    .option('--recording', 'allow recorded callbacks')
    .option('--status-url <url>', 'default URL of call-status pushes')
    .option('--fee-url <url>', 'default URL of CDR pushes')
    .option('--port-quota <n>', 'concurrent calls (default 10)', integer)
    .option('--allowed-ips <list>', 'client IPs or CIDR blocks, comma-separated', list)
    .option('--sp-id <id>', 'group apps under one SP (per-SP limits)')
    .action(async (name: string, o: Record<string, unknown>) => {
      const body = { name, capabilities: o.capabilities, recordingEnabled: o.recording === true ? true : undefined, statusUrl: o.statusUrl, feeUrl: o.feeUrl, portQuota: o.portQuota, allowedClientIps: o.allowedIps, spId: o.spId };
      const created = (await call('POST', '/v1/apps', body)) as AppAnswer;
      printRecord(out(), created, out().json ? undefined : 'Keep the app secret now: it is not shown again (rotate-secret makes a new one).');
    });

  app
    .command('list')
    .description('lists the apps')
    .action(async () => {
      const answer = (await call('GET', '/v1/apps')) as { apps: AppAnswer[] };
      printTable(out(), answer, answer.apps, ['appKey', 'name', 'status', 'capabilities', 'portQuota']);
    });

  app
    .command('show <appKey>')
    .description('shows an app (never its secret)')
    .action(async (appKey: string) => printRecord(out(), (await call('GET', path(appKey))) as AppAnswer));

  app
    .command('update <appKey>')
    .description('changes the settings given')
    .option('--name <name>')
    .option('--capabilities <list>', 'callback,notify,verify', capabilities)
    .option('--recording <on|off>', 'recorded callbacks', onOff)
    .option('--status-url <url|none>', 'default URL of call-status pushes', urlOrNone)
    .option('--fee-url <url|none>', 'default URL of CDR pushes', urlOrNone)
    .option('--port-quota <n>', 'concurrent calls', integer)
    .option('--allowed-ips <list|none>', 'client IPs or CIDR blocks; none = any', list)
    .option('--sp-id <id>')
    .action(async (appKey: string, o: Record<string, unknown>) => {
      const body = { name: o.name, capabilities: o.capabilities, recordingEnabled: o.recording, statusUrl: o.statusUrl, feeUrl: o.feeUrl, portQuota: o.portQuota, allowedClientIps: o.allowedIps, spId: o.spId };
      printRecord(out(), (await call('PATCH', path(appKey), body)) as AppAnswer);
    });

  for (const verb of ['suspend', 'resume'] as const) {
    app
      .command(`${verb} <appKey>`)
      .description(verb === 'suspend' ? 'suspends an app: its API requests get 1010008' : 'resumes a suspended app')
      .action(async (appKey: string) => {
        const answer = (await call('POST', path(appKey, `/${verb}`))) as AppAnswer;
        printDone(out(), answer, `app ${appKey} is ${String(answer.status)}`);
      });
  }

  app
    .command('rotate-secret <appKey>')
    .description('gives the app a new secret; the old one keeps working for the grace period')
    .option('--grace <seconds>', 'how long the old secret keeps working (default 86400)', integer)
    .action(async (appKey: string, o: { grace?: number }) => {
      const answer = (await call('POST', path(appKey, '/rotate-secret'), { graceSeconds: o.grace })) as AppAnswer;
      const until = answer.previousSecretValidUntil ? `the old one works until ${String(answer.previousSecretValidUntil)}` : 'the old one no longer works';
      printRecord(out(), { appKey: answer.appKey, appSecret: answer.appSecret, previousSecretValidUntil: answer.previousSecretValidUntil }, out().json ? undefined : `New secret shown only now; ${until}.`);
    });

  const number = program.command('number').description("an app's display numbers");
  number
    .command('add <appKey> <number>')
    .description('gives the app a display number (+{country code}{number})')
    .option('--suspended', 'add it suspended')
    .action(async (appKey: string, n: string, o: { suspended?: boolean }) => {
      const answer = await call('POST', path(appKey, '/numbers'), { number: n, status: o.suspended ? 'suspended' : undefined });
      printDone(out(), answer, `${n} is a number of ${appKey}${o.suspended ? ' (suspended)' : ''}`);
    });
  number
    .command('list <appKey>')
    .action(async (appKey: string) => {
      const answer = (await call('GET', path(appKey, '/numbers'))) as { numbers: Array<Record<string, unknown>> };
      printTable(out(), answer, answer.numbers, ['number', 'status']);
    });
  for (const verb of ['suspend', 'resume', 'remove'] as const) {
    number
      .command(`${verb} <appKey> <number>`)
      .action(async (appKey: string, n: string) => {
        const where = path(appKey, `/numbers/${encodeURIComponent(n)}`);
        const answer = verb === 'remove' ? await call('DELETE', where) : await call('POST', `${where}/${verb}`);
        printDone(out(), answer, verb === 'remove' ? `${n} removed from ${appKey}` : `${n} is ${verb === 'suspend' ? 'suspended' : 'active'}`);
      });
  }
}
