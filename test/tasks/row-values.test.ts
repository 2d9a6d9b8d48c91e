// Row values checked at upload against where the task's flow reads them (docs/tasks.md "Rows",
// docs/flows.md "Variables"), on a running platform with the store's flow catalog and the seeded
// template of docs/flows.md's example (`您有${NUM_2}件快递请到${TXT_32}领取`): `count` fills
// ${NUM_2}, `place` ${TXT_32}, `name` is spoken in a text (at most 64). A value too long for its
// template variable or of the wrong characters is refused with its row's index and reason, from
// JSON rows and from a streamed CSV alike; the other rows are added.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as send } from 'undici';
import { usePlatform } from '../helpers/platform.js';
import { ADMIN, HEADER, storeFlow } from '../e2e/task-dial-helpers.js';

const ctx = usePlatform({ env: { VOXCALL_ADMIN_TOKEN: ADMIN } });

const callee = (i: number) => `+86139${String(i).padStart(8, '0')}`;
/** [values without the callee, expected refusal (undefined: added)] */
const CASES: Array<[string[], { reason: string; detail: RegExp } | undefined]> = [
  [['3', 'gate', 'Li'], undefined],
  [['123', 'gate', 'Li'], { reason: 'too_long', detail: /\$\{count\} is longer than 2 characters, the most \$\{NUM_2\} of template test_template takes \(node "notice"\)/ }],
  [['3a', 'gate', 'Li'], { reason: 'bad_value', detail: /\$\{count\} fills \$\{NUM_2\} of template test_template, which must be digits 0-9/ }],
  [['12', 'x'.repeat(33), 'Li'], { reason: 'too_long', detail: /\$\{place\} is longer than 32 characters, the most \$\{TXT_32\}/ }],
  [['12', '人民公园正门', 'L'.repeat(65)], { reason: 'too_long', detail: /\$\{name\} is longer than 64 characters \(spoken in a text\)/ }],
  [['7', 'gate', 'a{b}'], { reason: 'bad_value', detail: /\$\{name\} contains "\$", "\{" or "\}"/ }],
  [['99', '人民公园正门', '李'], undefined],
];

test('values refused by index and reason, JSON rows and CSV upload alike; the rest added', async () => {
  const p = ctx.t.platform;
  await storeFlow(p);
  const app = p.demo.appKey;
  for (const via of ['json', 'csv'] as const) {
    const made = await admin(p, 'POST', `/apps/${app}/tasks`, { flowId: 'parcel', displayNumbers: p.demo.displayNumbers });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const taskId = made.body.task.taskId as string;
    const rows = CASES.map(([values], i) => [callee(i + (via === 'csv' ? 100 : 0)), ...values]);
    const res = via === 'json'
      ? await admin(p, 'POST', `/apps/${app}/tasks/${taskId}/rows`, { header: HEADER, rows })
      : await admin(p, 'POST', `/apps/${app}/tasks/${taskId}/upload`, [HEADER, ...rows].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n'), 'text/csv');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const expected = CASES.flatMap(([, want], i) => (want ? [{ index: i + 1, ...want }] : []));
    assert.deepEqual([res.body.added, res.body.refusedCount], [CASES.length - expected.length, expected.length], via);
    assert.deepEqual(res.body.refused.map((r: { index: number; reason: string }) => [r.index, r.reason]), expected.map((e) => [e.index, e.reason]), via);
    for (const [k, e] of expected.entries()) assert.match(res.body.refused[k].detail, e.detail, `${via} row ${e.index}`);
    const stored = await p.store.tasks.rows(taskId, 0, 100);
    assert.deepEqual(stored.map((r) => r.values.slice(1)), CASES.filter(([, want]) => !want).map(([v]) => v), `${via}: only the good rows are the task's`);
  }
});

async function admin(p: { url: string }, method: string, path: string, body: unknown, type = 'application/json'): Promise<{ status: number; body: any }> {
  const res = await send(`${p.url}/v1${path}`, {
    method: method as 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
}
