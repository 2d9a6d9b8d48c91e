// CLI commands of the call policy: `block` / `unblock` a number on a list, `limits show` and
// `limits set`. They speak the management API through the `request` function main.ts gives
// (base URL and bearer token are main's business), so they stay a thin mirror of /v1.

import { InvalidArgumentError, type Command } from 'commander';
import { LIST_NAMES, SETTING_NAMES, type ListName } from '../domain/policy.js';
import { CliError } from './errors.js';
import { printTable, type Out } from './output.js';

/** Calls the management API; resolves to the parsed JSON answer, rejects with its error message. */
export type ManageRequest = (method: 'GET' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<unknown>;

const LIMITS = ['spCalls', 'appCalls', 'displayNumberCalls', 'callerFrequency', 'calleeFrequency', 'serviceNumberFrequency', 'apiRate'] as const;

function listName(v: string): ListName {
  if (!(LIST_NAMES as readonly string[]).includes(v)) throw new InvalidArgumentError(`one of ${LIST_NAMES.join(', ')}`);
  return v as ListName;
}

/** "10/86400" -> { max: 10, windowS: 86400 }; "off" -> null (back to inheriting / no limit). */
function limit(v: string): { max: number; windowS: number } | null {
  if (v === 'off') return null;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  if (!m) throw new InvalidArgumentError('MAX/WINDOW_SECONDS, e.g. 100/86400, or "off"');
  return { max: Number(m[1]), windowS: Number(m[2]) };
}

function onOff(v: string): boolean | null {
  if (v === 'on' || v === 'allow') return true;
  if (v === 'off' || v === 'forbid') return false;
  if (v === 'inherit') return null;
  throw new InvalidArgumentError('on, off or inherit');
}

const base = (app?: string) => (app ? `/v1/apps/${encodeURIComponent(app)}` : '/v1');
/** A setting as `limits set` takes it: 100/86400, 22:00-08:00, on/off; "-" when unset. */
function shown(v: unknown): string {
  if (v === undefined || v === null) return '-';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  const o = v as { max?: unknown; windowS?: unknown; start?: unknown; end?: unknown };
  if (o.max !== undefined) return `${String(o.max)}/${String(o.windowS)}`;
  if (o.start !== undefined) return `${String(o.start)}-${String(o.end)}`;
  return JSON.stringify(v);
}

type Settings = Record<string, unknown>;

/** One row per setting: the platform's (or the app's own and the effective one, for an app). */
function printSettings(out: Out, answer: { settings: Settings; effective?: Settings }): void {
  const columns = answer.effective ? ['setting', 'app', 'effective'] : ['setting', 'value'];
  const rows = SETTING_NAMES.map((name) => (answer.effective
    ? { setting: name, app: shown(answer.settings[name]), effective: shown(answer.effective[name]) }
    : { setting: name, value: shown(answer.settings[name]) }));
  printTable(out, answer, rows, columns);
}

export function registerPolicyCommands(program: Command, request: ManageRequest, out: () => Out): void {
  for (const [name, method, verb] of [['block', 'PUT', 'puts'], ['unblock', 'DELETE', 'takes']] as const) {
    program
      .command(`${name} <number>`)
      .description(`${verb} a number ${name === 'block' ? 'on' : 'off'} a list (default: the callee blacklist), of an app or platform-wide`)
      .option('--app <appKey>', 'the app whose list it is (default: platform-wide)')
      .option('--list <list>', LIST_NAMES.join(' | '), listName, 'calleeBlacklist')
      .action(async (number: string, opts: { app?: string; list: ListName }) => {
        await request(method, `${base(opts.app)}/lists/${opts.list}/${encodeURIComponent(number)}`);
        console.log(`${number} ${name === 'block' ? 'is on' : 'is off'} ${opts.list}${opts.app ? ` of ${opts.app}` : ' (platform-wide)'}`);
      });
  }

  const limits = program.command('limits').description('call limits, quiet hours, international calls, whitelist mode, API rate');
  limits
    .command('show')
    .option('--app <appKey>', 'an app (shows its own and its effective settings)')
    .action(async (opts: { app?: string }) => printSettings(out(), (await request('GET', `${base(opts.app)}/limits`)) as { settings: Settings }));
  const set = limits
    .command('set')
    .description('changes the settings given; "off" / "inherit" removes one')
    .option('--app <appKey>', 'an app (default: platform-wide)')
    .option('--quiet-hours <HH:MM-HH:MM|off>', 'Beijing time, e.g. 22:00-08:00')
    .option('--international-callin <on|off|inherit>', 'foreign caller/display numbers (1013111)', onOff)
    .option('--international-callout <on|off|inherit>', 'foreign callees (1013112)', onOff)
    .option('--whitelist-mode <on|off|inherit>', 'only whitelisted callees (1013011)', onOff);
  for (const name of LIMITS) set.option(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} <max/windowS|off>`, name, limit);
  set.action(async (opts: Record<string, unknown> & { app?: string; quietHours?: string }) => {
    const patch: Record<string, unknown> = {};
    for (const name of LIMITS) if (opts[name] !== undefined) patch[name] = opts[name];
    for (const name of ['internationalCallin', 'internationalCallout', 'whitelistMode']) if (opts[name] !== undefined) patch[name] = opts[name];
    if (opts.quietHours !== undefined) {
      const m = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(opts.quietHours);
      if (opts.quietHours !== 'off' && !m) throw new CliError(`--quiet-hours must be HH:MM-HH:MM (Beijing time, e.g. 22:00-08:00) or off, not "${opts.quietHours}"`);
      patch.quietHours = m ? { start: m[1], end: m[2] } : null;
    }
    printSettings(out(), (await request('PATCH', `${base(opts.app)}/limits`, patch)) as { settings: Settings });
  });
}
