import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePush, type DecodedRecord, type DecodedStatus } from '../../src/push/dialects/decode/index.js';
import { ROBOT_FIELDS } from '../../src/push/dialects/decode/robot.js';
import { UCLOUD_FIELDS } from '../../src/push/dialects/decode/ucloud.js';
import { VSP_CDR_FIELDS, VSP_STATUS_FIELDS } from '../../src/push/dialects/decode/vsp.js';
import { dialects } from '../../src/push/dialects/index.js';
import { CALLBACK_CASES, CASES, runCallbackCase, runCase, runCollectCase, TASK, type CallbackCaseName, type CaseName, type RanCall } from './calls.js';
import { pushedBodies } from './encode.js';

const names = (specs: { name: string }[]) => specs.map((s) => s.name);
const FORMATS = ['huawei', 'vsp', 'ucloud', 'robot'];

async function allCalls(): Promise<Array<[string, RanCall]>> {
  const out: Array<[string, RanCall]> = [];
  for (const name of Object.keys(CASES) as CaseName[]) out.push([name, await runCase(name, { userData: 'u-1' })]);
  for (const name of Object.keys(CALLBACK_CASES) as CallbackCaseName[]) out.push([name, await runCallbackCase(name, { userData: 'u-1' })]);
  out.push(['collected', await runCollectCase({ userData: 'u-1' })]);
  out.push(['task', await runCase('answered', { task: TASK })]);
  out.push(['no userData', await runCase('busy', { userData: undefined })]);
  return out;
}

describe('encode then decode keeps every field', () => {
  it('for each format, every push of every call decodes to the fields that were sent and to the call it describes', async () => {
    for (const [label, ran] of await allCalls()) {
      for (const format of FORMATS) {
        const pushed = pushedBodies(dialects.get(format)!, ran);
        const bodies = [...pushed.status, ...pushed.record];
        for (const body of bodies) {
          const d = decodePush(format, body);
          const sent = JSON.parse(body) as Record<string, unknown>;
          const fields = format === 'huawei' ? (d.kind === 'record' ? { eventType: 'fee', feeLst: d.items.map((i) => i.fields) } : { eventType: sent.eventType, statusInfo: d.items[0]!.fields }) : d.items[0]!.fields;
          assert.deepEqual(fields, sent, `${format} ${label}`);
          for (const item of d.items) assert.equal(item.kind === 'task' ? undefined : item.callId, ran.call.sessionId, `${format} ${label}`);
        }
        const records = pushed.record.flatMap((b) => decodePush(format, b).items as DecodedRecord[]);
        for (const r of records) {
          const expectOutcome = format === 'robot' && ran.record.outcome === 'cancelled' ? 'no_answer' : ran.record.outcome;
          assert.equal(r.outcome, expectOutcome, `${format} ${label} outcome`);
          assert.equal(r.endAt - (format === 'huawei' ? r.endAt % 1000 : 0), ran.record.callEndAt - (format === 'huawei' ? ran.record.callEndAt % 1000 : 0));
          assert.equal(r.answerAt === undefined, ran.record.outcome !== 'answered', `${format} ${label} answerAt`);
          // The decoded model, not the raw fields (which are the body itself), against the call.
          // vsp, ucloud and robot report one leg: a callback's B once dialled, else A.
          const plan = ran.call.plan;
          const toSecond = (ms: number | undefined) => (ms === undefined || format !== 'huawei' ? ms : ms - (ms % 1000));
          const bLeg = plan.kind === 'callback' && ran.record.legB !== undefined;
          const leg = bLeg ? ran.record.legB! : ran.record.legA;
          const want = plan.kind !== 'callback'
            ? { caller: plan.displayNbr, callee: plan.calleeNbr, shown: plan.displayNbr }
            : bLeg ? { caller: plan.callerNbr, callee: plan.calleeNbr, shown: plan.displayCalleeNbr } : { caller: plan.displayNbr, callee: plan.callerNbr, shown: plan.displayNbr };
          assert.equal(r.userData, ran.call.userData, `${format} ${label} userData`);
          assert.equal(r.callee, format === 'huawei' ? ran.record.fwdDstNum ?? ran.record.calleeNum : want.callee, `${format} ${label} callee`);
          // ucloud's ShowNumber is the number the reported leg's phone showed.
          assert.equal(r.caller, format === 'ucloud' ? want.shown : format === 'huawei' ? ran.record.callerNum : want.caller, `${format} ${label} caller`);
          if (format === 'huawei') assert.equal(r.dialAt, toSecond(ran.record.legA.startAt), `${format} ${label} dialAt`);
          else if (format !== 'ucloud') assert.equal(r.dialAt, leg.startAt, `${format} ${label} dialAt`);
          if (format === 'vsp' || format === 'robot') assert.equal(r.ringAt, leg.alertingAt, `${format} ${label} ringAt`);
          if (format !== 'huawei') assert.equal(r.talkSeconds, ran.record.outcome === 'answered' ? r.talkSeconds : 0, `${format} ${label} talkSeconds`);
        }
        const statuses = pushed.status.flatMap((b) => decodePush(format, b).items as DecodedStatus[]);
        if (format === 'huawei' || format === 'vsp') {
          assert.deepEqual(statuses.map((s) => s.event), ran.events.map((e) => e.type), `${format} ${label}`);
          // Huawei's collectInfo carries no userData (table 5-15); every other status event does.
          for (const st of statuses) {
            if (st.event !== 'collectInfo' || format === 'vsp') assert.equal(st.userData, ran.call.userData, `${format} ${label} ${st.event} userData`);
          }
        } else {
          assert.equal(statuses.length, 0, `${format} pushes no status events`);
        }
      }
    }
  });

  it('vsp and ucloud send every field of their documents, in the documents order', async () => {
    const ran = await runCase('answered', { userData: 'u-1' });
    const v = pushedBodies(dialects.get('vsp')!, ran);
    for (const b of v.status) assert.deepEqual(Object.keys(JSON.parse(b)), names(VSP_STATUS_FIELDS));
    assert.deepEqual(Object.keys(JSON.parse(v.record[0]!)), names(VSP_CDR_FIELDS));
    const u = pushedBodies(dialects.get('ucloud')!, ran);
    assert.deepEqual(Object.keys(JSON.parse(u.record[0]!)), names(UCLOUD_FIELDS));
  });

  it('robot: a task call is pushed twice, a basic record and a task record with every field; other calls once', async () => {
    const task = pushedBodies(dialects.get('robot')!, await runCase('answered', { task: TASK, userData: 'rel-1' }));
    assert.equal(task.record.length, 2);
    const [basic, full] = task.record.map((b) => JSON.parse(b) as Record<string, unknown>);
    assert.equal('task_row_index' in basic!, false);
    assert.deepEqual(Object.keys(full!).sort(), names(ROBOT_FIELDS).sort());
    assert.deepEqual([full!.task_id, full!.task_data_id, full!.task_tries, full!.task_row_index, full!.task_row_head, full!.task_row_value],
      [TASK.taskId, TASK.dataId, TASK.tries, TASK.rowIndex, TASK.rowHead, TASK.rowValue]);
    const { task_row_index: _i, task_row_head: _h, task_row_value: _v, ...rest } = full!;
    assert.deepEqual(rest, basic, 'the task record holds every field of the basic record');
    const plain = pushedBodies(dialects.get('robot')!, await runCase('busy'));
    assert.equal(plain.record.length, 1);
    const r = JSON.parse(plain.record[0]!);
    assert.deepEqual([r.direction, r.time_answer, r.duration_call, r.task_result, r.task_result_desc], [2, 0, 0, '5', '用户正忙']);
    assert.equal('task_id' in r, false);
  });

  it('the formats agree on the call: answer time, talk seconds, who called whom', async () => {
    const ran = await runCallbackCase('callback-answered');
    const get = (f: string) => decodePush(f, pushedBodies(dialects.get(f)!, ran).record[0]!).items[0] as DecodedRecord;
    const [v, u, r] = [get('vsp'), get('ucloud'), get('robot')];
    assert.equal(ran.record.outcome, 'answered');
    assert.equal(v.answerAt, ran.record.legB!.answerAt);
    assert.deepEqual([u.answerAt, r.answerAt], [v.answerAt, v.answerAt]);
    assert.deepEqual([u.talkSeconds, r.talkSeconds], [v.talkSeconds, v.talkSeconds]);
    assert.equal(v.recorded, true);
    const plan = ran.call.plan as { callerNbr: string; calleeNbr: string };
    assert.deepEqual([v.caller, v.callee, r.caller, r.callee, u.callee], [plan.callerNbr, plan.calleeNbr, plan.callerNbr, plan.calleeNbr, plan.calleeNbr]);
  });

  it('a callback whose A fails names A, with A\'s outcome and times, in every format (B was never dialled)', async () => {
    const ran = await runCallbackCase('callback-a-busy');
    assert.equal(ran.record.legB, undefined);
    const get = (f: string) => decodePush(f, pushedBodies(dialects.get(f)!, ran).record[0]!).items[0] as DecodedRecord;
    const plan = ran.call.plan as { callerNbr: string; displayNbr: string };
    for (const f of ['vsp', 'ucloud', 'robot']) {
      const d = get(f);
      assert.deepEqual([d.callee, d.outcome, d.answerAt], [plan.callerNbr, 'busy', undefined], f);
      if (f !== 'ucloud') assert.deepEqual([d.caller, d.dialAt], [plan.displayNbr, ran.record.legA.startAt], f);
    }
    assert.equal(get('ucloud').caller, plan.displayNbr, 'ShowNumber: what A saw');
  });
});
