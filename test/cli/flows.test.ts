// `voxcall flows ...` as a user runs it: a real subprocess against a real server, the flow JSON
// from a file or from standard input.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, cliOf, type CliRun } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';
import { EXAMPLE_FLOW, example } from '../flows/example.js';

const ctx = usePlatform();
const { voxcall, ok } = cliOf(() => ctx.t);
const demo = () => ctx.t.platform.demo.appKey;

/** `voxcall args` with `input` on its standard input. */
function withStdin(args: string[], input: string): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, VOXCALL_URL: undefined };
  Object.assign(env, { VOXCALL_SERVER: ctx.t.platform.url, VOXCALL_ADMIN_TOKEN: ctx.t.platform.adminToken, VOXCALL_DATA_DIR: ctx.t.dataDir });
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(input);
  });
}

async function file(name: string, value: unknown): Promise<string> {
  const path = join(ctx.t.dataDir, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

test('validate, create, list, show, a new version from stdin, versions, an older version, delete', async () => {
  const good = await file('parcel.json', EXAMPLE_FLOW);
  assert.equal(await ok(['flows', 'validate', good, '--app', demo()]), 'valid; a task row must provide: count, place, name\n');
  assert.match(await ok(['flows', 'create', demo(), good, '--id', 'parcel', '--name', 'Parcel notice', '--note', 'first']),
    /^flow parcel of .* is stored, version 1; a task row must provide: count, place, name\n$/);
  assert.match(await ok(['flows', 'list', demo()]), /^id\s+name\s+version\s+uses\s+updatedAt\nparcel\s+Parcel notice\s+1\s+0\s+\d{4}-/);
  const shown = await ok(['flows', 'show', demo(), 'parcel']);
  assert.match(shown, /^id\s+parcel$/m);
  assert.match(shown, /^variables\s+count, place, name$/m);
  assert.match(shown, /^createdAt\s+\d{4}-\d\d-\d\dT/m);

  const edited = JSON.parse(await ok(['flows', 'show', demo(), 'parcel', '--definition'])) as ReturnType<typeof example>;
  assert.deepEqual(edited, EXAMPLE_FLOW);
  edited.description = 'second cut';
  const v2 = await withStdin(['flows', 'version', demo(), 'parcel', '--note', 'shorter', '--expected-version', '1'], JSON.stringify(edited));
  assert.equal(v2.code, 0, v2.stderr);
  assert.match(v2.stdout, /flow parcel of .* is at version 2/);
  assert.match(await ok(['flows', 'versions', demo(), 'parcel']), /^version\s+createdAt\s+note\n2\s+\S+\s+shorter\n1\s+\S+\s+first\n$/);
  const v1 = JSON.parse(await ok(['--json', 'flows', 'show', demo(), 'parcel', '1'])) as { version: number; flow: unknown };
  assert.deepEqual([v1.version, v1.flow], [1, EXAMPLE_FLOW]);

  assert.match(await ok(['flows', 'delete', demo(), 'parcel']), /flow parcel of .* is deleted/);
  const gone = await voxcall(['flows', 'show', demo(), 'parcel']);
  assert.equal(gone.code, 1);
  assert.equal(gone.stderr, `voxcall: flow parcel of app ${demo()} does not exist (VX.NOT_FOUND, HTTP 404)\n`);
});

test('a flow that does not validate: every error on its own line, exit 1, nothing stored', async () => {
  const bad = example() as any;
  bad.nodes[2].maxDigits = 99;
  bad.nodes[0].file = 'nope.wav';
  bad.nodes.push({ id: 'orphan', type: 'hangup' });
  const path = await file('bad.json', bad);

  const checked = await voxcall(['flows', 'validate', path]);
  assert.equal(checked.code, 1);
  assert.equal(checked.stdout, [
    '2 error(s) (node, JSON Pointer, code, message):',
    '  menu  /nodes/2/maxDigits  bad_value  must be a whole number 1 to 32, got 99',
    '  orphan  /nodes/13  unreachable  no path from start "hello" reaches node "orphan"',
    '',
  ].join('\n'));

  delete bad.nodes[2].maxDigits;
  bad.nodes.pop();
  const created = await voxcall(['flows', 'create', demo(), await file('bad2.json', bad), '--id', 'bad']);
  assert.equal(created.code, 1);
  const lines = created.stderr.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 2), ['1 error(s) (node, JSON Pointer, code, message):', "  hello  /nodes/0/file  unknown_voice_file  voice file nope.wav is neither the app's nor the platform's (upload it: PUT /v1/apps/" + demo() + '/voice-files/nope.wav)']);
  assert.equal(lines.at(-1), 'voxcall: the flow has 1 error(s), listed above; nothing was stored (VX.FLOW_INVALID)');
  assert.equal(await ctx.t.platform.store.flows.get(demo(), 'bad'), undefined);
});

test('input that is not a flow file, and a delete refused while a task uses the flow', async () => {
  const notJson = await voxcall(['flows', 'validate', await file('x.json', '{"start": ')]);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /^voxcall: .*x\.json is not JSON: .*\n$/);
  const missing = await voxcall(['flows', 'create', demo(), join(ctx.t.dataDir, 'absent.json')]);
  assert.match(missing.stderr, /^voxcall: cannot read .*absent\.json: ENOENT\n$/);
  const bom = await withStdin(['flows', 'validate'], `\uFEFF${JSON.stringify(EXAMPLE_FLOW)}`);
  assert.equal(bom.code, 0, bom.stderr);

  await ok(['flows', 'create', demo(), await file('held.json', EXAMPLE_FLOW), '--id', 'held']);
  await ctx.t.platform.store.flows.use(demo(), 'held', { kind: 'task', id: 'task_7', version: 1, since: 0 });
  const refused = await voxcall(['flows', 'delete', demo(), 'held']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^voxcall: flow held of app .* is used by 1 thing: task task_7 \(version 1\); delete or finish them first \(VX\.FLOW_IN_USE, HTTP 409\)\n$/);
  const badVersion = await voxcall(['flows', 'show', demo(), 'held', 'one']);
  assert.match(badVersion.stderr, /^voxcall: version must be a whole number from 1, got one\n$/);
});
