// Golden files: what each format pushes for a notification that is answered, busy, not
// answered, to a powered-off phone and to a vacant number, and for a callback whose legs both
// answer, whose A is busy, and whose B is busy, and for a notification that collects digits
// (real engine, manual clock). Run with
// UPDATE_GOLDEN=1 to rewrite them after a deliberate change, and review the diff.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { dialects } from '../../src/push/dialects/index.js';
import { CALLBACK_CASES, CASES, runCallbackCase, runCase, runCollectCase, type CallbackCaseName, type CaseName, type RanCall } from './calls.js';
import { pushedBodies } from './encode.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function compare(name: string, ran: RanCall): void {
  for (const format of ['huawei', 'vsp', 'ucloud', 'robot']) {
    const pushed = pushedBodies(dialects.get(format)!, ran);
    const actual = { status: pushed.status.map((b) => JSON.parse(b)), record: pushed.record.map((b) => JSON.parse(b)) };
    const file = join(GOLDEN, format, `${name}.json`);
    if (update) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      continue;
    }
    assert.ok(existsSync(file), `${file} is missing (run with UPDATE_GOLDEN=1)`);
    assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')), `${format}/${name}.json`);
  }
}

describe('golden files per format', () => {
  for (const name of Object.keys(CASES) as CaseName[]) {
    it(`${name}: huawei, vsp, ucloud, robot`, async () => compare(name, await runCase(name, { userData: 'order-1001' })));
  }
  for (const name of Object.keys(CALLBACK_CASES) as CallbackCaseName[]) {
    it(`${name}: huawei, vsp, ucloud, robot`, async () => compare(name, await runCallbackCase(name, { userData: 'order-1001' })));
  }
  it('notify-collected (digits 1 then 2): huawei, vsp, ucloud, robot', async () => compare('notify-collected', await runCollectCase({ userData: 'order-1001' })));
});
