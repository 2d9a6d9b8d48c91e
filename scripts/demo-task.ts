// The demo's third part: a small outbound call task. The parcel-notice flow of docs/flows.md
// (read from the page itself, so the demo runs what the page shows) is stored, a task is created
// with four CSV rows whose callees behave differently on the simulated network, started, and
// followed to its end; then its per-row results are exported, and the robot records received
// for its calls (a basic and a task record per call) are counted.

import { readFileSync } from 'node:fs';
import { request } from 'undici';
import type { FormatPush } from './demo-formats.js';

export interface TaskDemoInput {
  platformUrl: string;
  adminToken: string;
  appKey: string;
  displayNumbers: string[];
  /** Pushes received by the subscriptions (the robot ones among them). */
  seen: FormatPush[];
  say: (line: string) => void;
  /** Resolves on the next push received, or after a short while. */
  next: () => Promise<void>;
  deadline: number;
}

/** The rows: who each callee is on the simulated network (docs/network.md, test numbers). */
const ROWS: Array<[callee: string, name: string, expect: string]> = [
  ['+8613900000008', 'Li', 'answers, presses 1 then 2: tag confirmed'],
  ['+8613900000009', 'Wang', 'answers, never presses: asked three times, tag no_input'],
  ['+8613900000002', 'Zhao', 'busy'],
  ['+8613900000005', 'Chen', 'vacant number'],
];

export function docsFlow(): unknown {
  const page = readFileSync(new URL('../docs/flows.md', import.meta.url), 'utf8');
  const json = /```json\n([\s\S]*?)```/.exec(page.slice(page.indexOf('## A complete example')))?.[1];
  if (!json) throw new Error('docs/flows.md has no example flow');
  return JSON.parse(json);
}

/** Runs the task; true when every row ended and every call had its two robot records. */
export async function runDemoTask(i: TaskDemoInput): Promise<boolean> {
  const api = async (method: 'GET' | 'POST', path: string, body?: unknown, contentType = 'application/json') => {
    const res = await request(`${i.platformUrl}/v1/apps/${i.appKey}${path}`, {
      method,
      headers: { authorization: `Bearer ${i.adminToken}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
    return { text, json: () => JSON.parse(text) };
  };

  i.say('\noutbound call task (docs/tasks.md): the parcel-notice flow of docs/flows.md, four rows');
  await api('POST', '/flows', { id: 'parcel', name: 'Parcel notice', flow: docsFlow() });
  const task = (await api('POST', '/tasks', {
    name: 'demo parcel notice', flowId: 'parcel', displayNumbers: i.displayNumbers.slice(0, 2),
    concurrency: 4, cps: 2, retry: { maxTries: 1 },
  })).json().task as { taskId: string };
  const csv = ['callee,count,place,name', ...ROWS.map(([callee, name]) => `${callee},3,人民公园正门,${name}`)].join('\r\n');
  const upload = (await api('POST', `/tasks/${task.taskId}/upload`, csv, 'text/csv')).json() as { added: number; refusedCount: number };
  i.say(`  task ${task.taskId}: ${upload.added} rows added, ${upload.refusedCount} refused`);
  for (const [callee, , expect] of ROWS) i.say(`    ${callee}  ${expect}`);
  await api('POST', `/tasks/${task.taskId}/start`);

  let last = '';
  let state = '';
  while (Date.now() < i.deadline) {
    const t = (await api('GET', `/tasks/${task.taskId}`)).json().task as { state: string; counters: { total: number; dialled: number; answered: number; remaining: number; dialling: number } };
    state = t.state;
    const c = t.counters;
    const line = `  task ${t.state}: ${c.dialled}/${c.total} dialled, ${c.dialling} dialling, ${c.answered} answered, ${c.remaining} remaining`;
    if (line !== last) i.say(line);
    last = line;
    if (state === 'completed') break;
    await i.next();
  }

  const rows = (await api('GET', `/tasks/${task.taskId}/export?format=jsonl`)).text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const callIds = rows.map((r) => String(r.lastSessionId ?? ''));
  // Each call's robot records arrive once it ends; wait for both of every call.
  const robot = (id: string) => i.seen.filter((p) => p.format === 'robot' && p.callId === id);
  while (Date.now() < i.deadline && !callIds.every((id) => robot(id).length >= 2)) await i.next();

  i.say('  results (GET …/tasks/{taskId}/export?format=jsonl) and the robot records of each call:');
  for (const r of rows) {
    const records = robot(String(r.lastSessionId ?? ''));
    const withRow = records.filter((p) => p.body.task_row_index !== undefined).length;
    const values = r.values as Record<string, string>;
    i.say(`    row ${String(r.rowIndex)} ${values.callee}: task_result ${String(r.lastResult)} ${String(r.lastResultDesc ?? '')}, tag ${String(r.tag ?? '-')}; robot records: ${records.length - withRow} basic + ${withRow} task`);
  }
  return state === 'completed' && callIds.every((id) => {
    const records = robot(id);
    return records.length === 2 && records.filter((p) => p.body.task_row_index !== undefined).length === 1;
  });
}
