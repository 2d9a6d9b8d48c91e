// CLI commands for deliveries: `pushes list|show|replay|deliver` and `export failed-records`, a thin
// mirror of /v1/pushes and /v1/exports (docs/delivery.md, operator controls).

import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError, type ManageCall } from './client.js';
import { printDone, printRecord, printTable, type Out } from './output.js';
import { pageLimit, query } from './query.js';

/** Fetches a management path as raw bytes (the export is a file, not JSON). */
export type Download = (path: string) => Promise<Buffer>;

interface FilterOpts {
  app?: string;
  session?: string;
  endpoint?: string;
  format?: string;
  kind?: string;
  state?: string;
  from?: string;
  to?: string;
}

const FILTER_PARAMS: Array<[keyof FilterOpts, string]> = [
  ['app', 'appKey'], ['session', 'sessionId'], ['endpoint', 'endpoint'], ['format', 'format'],
  ['kind', 'kind'], ['state', 'state'], ['from', 'from'], ['to', 'to'],
];

function filterOf(o: FilterOpts): Record<string, string> {
  const f: Record<string, string> = {};
  for (const [opt, param] of FILTER_PARAMS) if (o[opt] !== undefined) f[param] = o[opt]!;
  return f;
}

function withFilter(cmd: Command, stateHelp: string): Command {
  return cmd
    .option('--app <appKey>', 'the app')
    .option('--session <sessionId>', 'one call')
    .option('--endpoint <idOrUrl>', 'an endpoint id (ep_...) or URL')
    .option('--format <format>', 'huawei, vsp, ucloud, robot or voxcall (task events)')
    .option('--kind <kind>', 'status or record')
    .option('--state <state>', stateHelp)
    .option('--from <time>', 'created at or after (ISO 8601)')
    .option('--to <time>', 'created before (ISO 8601)');
}

export function registerPushCommands(program: Command, call: ManageCall, out: () => Out, download: Download): void {
  const pushes = program.command('pushes').description('pushes in the outbox: list, inspect, replay');

  withFilter(pushes.command('list').description('lists pushes, newest first'), 'queued, delivered, failed or merged')
    .option('--limit <n>', '1-500 (default 100)', pageLimit)
    .option('--cursor <cursor>', 'the next page (printed under a full page)')
    .action(async (o: FilterOpts & { limit?: string; cursor?: string }) => {
      const answer = (await call('GET', `/v1/pushes${query({ ...filterOf(o), limit: o.limit, cursor: o.cursor })}`)) as {
        pushes: Array<Record<string, unknown>>; nextCursor?: string;
      };
      printTable(out(), answer, answer.pushes, ['id', 'state', 'kind', 'format', 'attempts', 'replays', 'createdAt', 'url']);
      if (!out().json && answer.nextCursor) console.log(`more: --cursor ${answer.nextCursor}`);
    });

  pushes.command('show <id>').description('one push and every attempt').action(async (id: string) => {
    const answer = (await call('GET', `/v1/pushes/${encodeURIComponent(id)}`)) as { push: Record<string, unknown>; attempts: Array<Record<string, unknown>> };
    if (out().json) return printRecord(out(), answer);
    const { items, ...push } = answer.push;
    printRecord(out(), { ...push, items: JSON.stringify(items) });
    console.log('');
    printTable(out(), answer, answer.attempts, ['n', 'at', 'ok', 'httpStatus', 'errorClass', 'latencyMs', 'error']);
  });

  withFilter(
    pushes.command('replay [ids...]').description('delivers pushes again under the same message id: the ids given, else every failed (or --state delivered) push matching the filter'),
    'failed (default) or delivered',
  )
    .option('--all', 'with no filter: every failed push')
    .action(async (ids: string[], o: FilterOpts & { all?: boolean }) => {
      if (ids.length > 0) {
        for (const id of ids) await call('POST', `/v1/pushes/${encodeURIComponent(id)}/replay`);
        return printDone(out(), { replayed: ids.length }, `replayed ${ids.length}`);
      }
      // Checked here so the refusal names the flags, not the API's fields (appKey, sessionId, ...).
      if (Object.keys(filterOf(o)).length === 0 && !o.all) {
        throw new CliError('pushes replay needs push ids, a filter (--app, --session, --endpoint, --format, --kind, --state, --from, --to) or --all');
      }
      const answer = (await call('POST', '/v1/pushes/replay', { ...filterOf(o), ...(o.all ? { all: true } : {}) })) as { matched: number; replayed: number };
      printDone(out(), answer, `replayed ${answer.replayed} of ${answer.matched} matching`);
    });

  pushes.command('deliver <id>').description('a queued push goes out now instead of at its due time (its attempts and schedule go on)')
    .action(async (id: string) => {
      const answer = (await call('POST', `/v1/pushes/${encodeURIComponent(id)}/deliver`)) as { push: Record<string, unknown> };
      if (out().json) return printRecord(out(), answer);
      const { id: pushId, state, attempts, nextAt, url } = answer.push;
      printRecord(out(), { id: pushId, state, attempts, nextAt, url }, 'due now: the dispatcher was woken');
    });

  const exp = program.command('export').description('files for the operator');
  exp.command('failed-records').description('the CDR pushes given up on, as CSV or JSON Lines')
    .option('--format <format>', 'csv or jsonl', 'jsonl')
    .option('--out <file>', 'write here (default: standard output)')
    .option('--app <appKey>', 'one app only')
    .option('--from <time>', 'created at or after (ISO 8601)')
    .option('--to <time>', 'created before (ISO 8601)')
    .option('--mark', 'record the export: retention may then delete them')
    .option('--unexported', 'only the ones never exported')
    .action(async (o: { format: string; out?: string; app?: string; from?: string; to?: string; mark?: boolean; unexported?: boolean }) => {
      if (o.format !== 'csv' && o.format !== 'jsonl') throw new CliError(`--format must be csv or jsonl, not "${o.format}"`);
      const file = await download(`/v1/exports/failed-records${query({
        format: o.format, appKey: o.app, from: o.from, to: o.to, mark: o.mark ? 'true' : undefined, unexported: o.unexported ? 'true' : undefined,
      })}`);
      if (!o.out) return void process.stdout.write(file);
      await writeFile(o.out, file);
      printDone(out(), { file: o.out, bytes: file.length }, `wrote ${o.out} (${file.length} bytes)`);
    });
}
