// `voxcall tasks ...`: outbound call tasks from a terminal, a thin mirror of /v1/apps/:appKey/tasks
// (docs/tasks.md). Windows are given as "<days> <from>-<to>", e.g. "1-5 09:00-18:00" or "6,7 10:00-12:00".

import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { integer } from './app-commands.js';
import { CliError, type ManageCall } from './client.js';
import { printDone, printRecord, printTable, type Out } from './output.js';
import { query } from './query.js';

type Download = (path: string) => Promise<Buffer>;
type TaskAnswer = { task: Record<string, unknown> & { taskId: string; counters?: Record<string, unknown> } };

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** "1-5 09:00-18:00" -> one window per day; collected over repeated --window options. */
export function windowsOf(v: string, previous: Array<{ day: number; from: string; to: string }> = []) {
  const m = /^([1-7](?:-[1-7])?(?:,[1-7](?:-[1-7])?)*)\s+(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError('"<days> <from>-<to>", days 1 (Monday) to 7, e.g. "1-5 09:00-18:00"');
  const days: number[] = [];
  for (const part of m[1]!.split(',')) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    for (let d = a; d <= (b ?? a); d++) days.push(d);
  }
  return [...previous, ...days.map((day) => ({ day, from: m[2]!, to: m[3]! }))];
}

/** The task as a person reads it: settings, then the counters. */
function summary(t: TaskAnswer['task']): Record<string, unknown> {
  const { counters, retry, windows, ...rest } = t as Record<string, unknown> & { counters?: Record<string, unknown>; retry?: Record<string, unknown>; windows?: Array<Record<string, unknown>> };
  const w = (windows ?? []).map((x) => `${String(x.day)} ${String(x.from)}-${String(x.to)}`);
  const r = retry ? `${String(retry.maxTries)} tries, every ${String(retry.intervalSeconds)} s, on ${(retry.retryOn as string[]).join(',')}` : undefined;
  const c = counters ? { ...counters, byResult: Object.entries(counters.byResult as Record<string, number>).map(([k, n]) => `${k}:${n}`) } : {};
  return { ...rest, windows: w.length ? w : ['any time'], retry: r, ...c };
}

async function jsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new CliError(`${file} is not a readable JSON file: ${(err as Error).message}`);
  }
}

export function registerTaskCommands(program: Command, call: ManageCall, out: () => Out, download: Download): void {
  /** What an upload or a JSON add answered: counts, then the refused rows. */
  const added = (a: unknown) => {
    const answer = a as Record<string, unknown> & { refused: Array<Record<string, unknown>> };
    if (out().json) return printRecord(out(), answer);
    printDone(out(), answer, `added ${String(answer.added)} rows (the task has ${String(answer.rowCount)}); refused ${String(answer.refusedCount)}`);
    if (answer.refused.length > 0) printTable(out(), answer, answer.refused, ['index', 'reason', 'detail']);
  };
  const tasks = program.command('tasks').description('outbound call tasks: a table of callees run through a dialogue flow');
  const path = (appKey: string, rest = '') => `/v1/apps/${encodeURIComponent(appKey)}/tasks${rest}`;
  const one = (appKey: string, taskId: string, rest = '') => path(appKey, `/${encodeURIComponent(taskId)}${rest}`);

  tasks.command('create <appKey>')
    .description('creates a draft task (add rows, then start it)')
    .requiredOption('--flow <flowId>', 'the dialogue flow')
    .requiredOption('--numbers <list>', 'display numbers of the app, comma-separated (used in rotation)', list)
    .option('--flow-version <n>', 'a version of the flow (default: its newest)', integer)
    .option('--name <name>')
    .option('--tz <zone>', 'IANA time zone of the windows (default Asia/Shanghai)')
    .option('--window <spec>', 'calling window "<days> <from>-<to>", repeatable (default: any time)', windowsOf)
    .option('--forbid <dates>', 'dates (YYYY-MM-DD) with no calls, comma-separated', list)
    .option('--concurrency <n>', 'calls in flight at most (1-1000, default 10)', integer)
    .option('--cps <n>', 'calls per second at most (1-200, default 5)', integer)
    .option('--max-tries <n>', 'tries per row, the first included (1-10, default 3)', integer)
    .option('--interval <seconds>', 'between tries (default 600)', integer)
    .option('--retry-on <codes>', 'task_result codes retried (default -1,2,3,4,5,20,22,26,28)', list)
    .option('--start <time>', 'no call before (ISO 8601 with an offset)')
    .option('--end <time>', 'no call from (ISO 8601 with an offset)')
    .action(async (appKey: string, o: Record<string, any>) => {
      const retry = o.maxTries ?? o.interval ?? o.retryOn ? { maxTries: o.maxTries, intervalSeconds: o.interval, retryOn: o.retryOn } : undefined;
      const body = {
        name: o.name, flowId: o.flow, flowVersion: o.flowVersion, displayNumbers: o.numbers, timeZone: o.tz, windows: o.window, forbiddenDates: o.forbid,
        concurrency: o.concurrency, cps: o.cps, retry, startAt: o.start, endAt: o.end,
      };
      const answer = (await call('POST', path(appKey), body)) as TaskAnswer;
      printRecord(out(), out().json ? answer : summary(answer.task));
    });

  tasks.command('upload <appKey> <taskId> <file>')
    .description('adds the rows of a CSV file (UTF-8, header line first: callee, the flow\'s variables, optional tz)')
    .action(async (appKey: string, taskId: string, file: string) => {
      const raw = await readFile(file);
      added(await call('POST', one(appKey, taskId, '/upload'), undefined, { raw, contentType: 'text/csv' }));
    });

  tasks.command('rows <appKey> <taskId>')
    .description('lists rows in order, a page at a time; with --add, adds the rows of a JSON file instead')
    .option('--after <rowIndex>', 'the last row of the previous page', integer)
    .option('--limit <n>', '1-1000 (default 100)', integer)
    .option('--add <file>', 'a JSON file {"header": [...], "rows": [[...], ...]} (at most 10,000 rows; larger tables: upload a CSV)')
    .action(async (appKey: string, taskId: string, o: { after?: number; limit?: number; add?: string }) => {
      if (o.add) return added(await call('POST', one(appKey, taskId, '/rows'), await jsonFile(o.add)));
      const answer = (await call('GET', one(appKey, taskId, `/rows${query({ after: o.after?.toString(), limit: o.limit?.toString() })}`))) as { rows: Array<Record<string, unknown>>; nextAfter?: string };
      printTable(out(), answer, answer.rows, ['rowIndex', 'callee', 'state', 'tries', 'lastResult', 'lastSessionId']);
      if (!out().json && answer.nextAfter) process.stdout.write(`more: --after ${answer.nextAfter}\n`);
    });

  tasks.command('show <appKey> <taskId>')
    .description('a task with its progress counters')
    .action(async (appKey: string, taskId: string) => {
      const answer = (await call('GET', one(appKey, taskId))) as TaskAnswer;
      printRecord(out(), out().json ? answer : summary(answer.task));
    });

  tasks.command('list <appKey>')
    .description("the app's tasks, newest first")
    .option('--limit <n>', '1-200 (default 50)', integer)
    .option('--cursor <cursor>', 'nextCursor of the previous page')
    .action(async (appKey: string, o: { limit?: number; cursor?: string }) => {
      const answer = (await call('GET', path(appKey, query({ limit: o.limit?.toString(), cursor: o.cursor })))) as { tasks: Array<Record<string, unknown>>; nextCursor?: string };
      printTable(out(), answer, answer.tasks, ['taskId', 'name', 'state', 'flowId', 'rowCount', 'createdAt']);
      if (!out().json && answer.nextCursor) process.stdout.write(`more: --cursor ${answer.nextCursor}\n`);
    });

  for (const action of ['start', 'pause', 'resume', 'cancel', 'rerun'] as const) {
    tasks.command(`${action} <appKey> <taskId>`)
      .description(action === 'rerun' ? 'runs a completed task again for its rows that failed with a retried result' : `${action}s the task`)
      .action(async (appKey: string, taskId: string) => {
        const answer = (await call('POST', one(appKey, taskId, `/${action}`))) as TaskAnswer & { requeued?: number };
        const t = answer.task;
        const requeued = answer.requeued !== undefined ? ` (${answer.requeued} rows queued again)` : '';
        printDone(out(), answer, `task ${t.taskId} is ${String(t.state)}${t.pausedBy ? ` (by the ${String(t.pausedBy)})` : ''}${requeued}`);
      });
  }

  tasks.command('delete <appKey> <taskId>')
    .description('deletes a draft, completed or cancelled task with its rows (its flow version is then free)')
    .action(async (appKey: string, taskId: string) => {
      const answer = await call('DELETE', one(appKey, taskId));
      printDone(out(), answer, `task ${taskId} deleted`);
    });

  tasks.command('export <appKey> <taskId>')
    .description('per-row results: values, tries, last result, last sessionId, tag')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--out <file>', 'write here (default: standard output)')
    .action(async (appKey: string, taskId: string, o: { format: string; out?: string }) => {
      if (o.format !== 'csv' && o.format !== 'jsonl') throw new CliError(`--format must be csv or jsonl, not "${o.format}"`);
      const file = await download(one(appKey, taskId, `/export${query({ format: o.format })}`));
      if (!o.out) return void process.stdout.write(file);
      await writeFile(o.out, file);
      printDone(out(), { file: o.out, bytes: file.length }, `wrote ${o.out} (${file.length} bytes)`);
    });
}
