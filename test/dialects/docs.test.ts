// docs/push-formats.md and the code must agree: every enumeration row and every outcome mapping
// the dialects use appears in the published tables.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CallOutcome } from '../../src/domain/call.js';
import { robot, ucloud, vsp } from '../../src/push/dialects/index.js';
import { OUTCOME_OF_TASK_RESULT, TASK_RESULTS, taskResultOf } from '../../src/push/dialects/robot-results.js';
import { RECEIPT_OF } from '../../src/push/dialects/ucloud-receipts.js';
import { CALL_RESULT_OF, EVENT_TYPE_OF, RELEASE_TYPE_OF, VSP_ENUMS } from '../../src/push/dialects/vsp-enums.js';

const doc = readFileSync(new URL('../../docs/push-formats.md', import.meta.url), 'utf8');
const hasRow = (...cells: Array<string | number>) => doc.includes(`| ${cells.join(' | ')} |`);
const OUTCOMES: CallOutcome[] = ['answered', 'busy', 'no_answer', 'powered_off', 'vacant', 'rejected', 'unreachable', 'cancelled', 'failed'];

describe('docs/push-formats.md matches the code', () => {
  it('every vsp enumeration, including the document given values', () => {
    for (const [field, rows] of Object.entries(VSP_ENUMS)) {
      assert.ok(doc.includes(`### ${field}`), field);
      for (const r of rows) assert.ok(hasRow(r.value, r.zh, r.en), `${field} ${r.value}`);
    }
    assert.deepEqual(VSP_ENUMS.serviceType!.slice(0, 2).map((r) => [r.value, r.zh]), [[100, '语音SIP服务'], [200, '隐私号服务']]);
    assert.deepEqual(VSP_ENUMS.callResult!.slice(0, 3).map((r) => [r.value, r.zh]), [[1, '正常接通'], [2, '关机'], [3, '停机']]);
    for (const o of OUTCOMES) assert.ok(hasRow(o, CALL_RESULT_OF[o]), o);
    for (const [p, v] of Object.entries(RELEASE_TYPE_OF)) assert.ok(hasRow(p, v), p);
    for (const [e, v] of Object.entries(EVENT_TYPE_OF)) assert.ok(hasRow(e, v), e);
  });

  it('ucloud receipts and robot task results for every outcome', () => {
    for (const o of OUTCOMES) {
      const r = RECEIPT_OF[o];
      assert.ok(hasRow(o, r.result, r.code, r.desc), `ucloud ${o}`);
      const t = taskResultOf(o);
      assert.ok(hasRow(o, t.code, t.desc), `robot ${o}`);
    }
    // The decoder reads every code of the document.
    for (const t of TASK_RESULTS) assert.ok(OUTCOME_OF_TASK_RESULT[t.code], t.code);
  });

  it('schedules and timeouts', () => {
    assert.deepEqual(vsp.schedules.record, [0, 5000, 30_000, 300_000, 1_800_000]);
    assert.equal(vsp.attemptTimeoutMs, 3000);
    assert.deepEqual(ucloud.schedules.record, [1000, 1000, 1000]);
    assert.deepEqual(robot.schedules.record, [15_000, 60_000, 300_000, 1_800_000, 7_200_000]);
    assert.equal(robot.attemptTimeoutMs, 5000);
    assert.ok(doc.includes('at once, 5 s, 30 s, 5 min, 30 min') && doc.includes('15 s, 1 min, 5 min, 30 min, 2 h') && doc.includes('1 s, 1 s, 1 s'));
  });
});
