import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePush, PushDecodeError } from '../../src/push/dialects/decode/index.js';
import type { DecodedRecord, DecodedStatus } from '../../src/push/dialects/decode/index.js';
import { FEE_EXAMPLES, STATUS_EXAMPLES } from '../push/huawei-examples.js';
import { ROBOT_EXAMPLE, UCLOUD_EXAMPLE, VSP_CDR_EXAMPLE, VSP_STATUS_EXAMPLE } from './examples.js';

describe('every example payload of the four documents decodes', () => {
  it('huawei: the five status examples and the three fee examples', () => {
    for (const [type, body] of Object.entries(STATUS_EXAMPLES)) {
      const d = decodePush('huawei', body);
      assert.equal(d.kind, 'status');
      const item = d.items[0] as DecodedStatus;
      assert.equal(item.event, type);
      assert.deepEqual(item.fields, JSON.parse(body).statusInfo);
    }
    const cb = decodePush('huawei', FEE_EXAMPLES.callback).items[0] as DecodedRecord;
    assert.equal(cb.outcome, 'answered');
    assert.equal(cb.answerAt, Date.UTC(2019, 0, 24, 3, 4, 38));
    assert.equal(cb.talkSeconds, 11);
    assert.equal(cb.callee, '+86138***7021');
    for (const body of Object.values(FEE_EXAMPLES)) {
      const d = decodePush('huawei', body);
      assert.equal(d.kind, 'record');
      assert.deepEqual(d.items.map((i) => i.fields), JSON.parse(body).feeLst);
    }
  });

  it('vsp: the CDR (3.1) and the call-status push (4.1)', () => {
    const cdr = decodePush('vsp', VSP_CDR_EXAMPLE);
    assert.equal(cdr.kind, 'record');
    const r = cdr.items[0] as DecodedRecord;
    assert.deepEqual(
      [r.callId, r.outcome, r.dialAt, r.ringAt, r.answerAt, r.endAt, r.durationSeconds, r.talkSeconds, r.recorded, r.userData],
      ['NM20010115474511150001012500007a8c', 'answered', 1607588903000, 1607588903000, 1607588904000, 1607588923000, 20, 19, true, '{"orderId":"123456"}'],
    );
    assert.equal(r.releasedBy, 'caller');
    assert.deepEqual(r.fields, JSON.parse(VSP_CDR_EXAMPLE));
    const st = decodePush('vsp', VSP_STATUS_EXAMPLE);
    assert.equal(st.kind, 'status');
    const s = st.items[0] as DecodedStatus;
    assert.deepEqual([s.event, s.at, s.leg, s.caller, s.called], ['alerting', 1607588903000, 'A', '+8613100001111', '+8613100002222'], 'national numbers decode to E.164');
    assert.deepEqual(s.fields.allEventType, [1, 2, 3, 4]);
  });

  it('ucloud: the receipt (whose example UserId is longer than the 32 characters the encoder keeps to)', () => {
    const r = decodePush('ucloud', UCLOUD_EXAMPLE).items[0] as DecodedRecord;
    assert.deepEqual([r.callId, r.outcome, r.talkSeconds, r.userData], ['d0****f7-0fc3-****-****-9f73****6c6e', 'answered', 23, 'you man c define the content by yrself']);
    assert.deepEqual(r.fields, JSON.parse(UCLOUD_EXAMPLE));
  });

  it('robot: the task record example', () => {
    const r = decodePush('robot', ROBOT_EXAMPLE).items[0] as DecodedRecord;
    assert.deepEqual([r.callId, r.direction, r.outcome, r.taskRecord, r.answerAt, r.durationSeconds, r.talkSeconds, r.userData],
      ['123425c-6483-11e8-b8fa-2769c24918cd', 'inbound', 'answered', true, 1527737763429, 28, 22, 'test-123']);
    assert.deepEqual(r.task, {
      taskId: '0', dataId: '262381', tries: 0, rowIndex: 34951420,
      rowHead: ['客户手机号码', '装货时间', '装货地三级地址', '卸货地三级地址'],
      rowValue: ['0271111111', '3月13日', '河北省张家口市张北县', '天津市天津市宁河区'],
    });
  });
});

describe('decoders refuse what is not a push of their format, naming every problem', () => {
  it('wrong types and missing required fields', () => {
    const bad = { ...JSON.parse(VSP_CDR_EXAMPLE), callDuration: '20', beginCallTime: undefined };
    assert.throws(() => decodePush('vsp', JSON.stringify(bad)), (e: unknown) =>
      e instanceof PushDecodeError && e.problems.includes('beginCallTime is missing') && e.problems.includes('callDuration must be an integer'));
    assert.throws(() => decodePush('vsp', JSON.stringify({ ...JSON.parse(VSP_STATUS_EXAMPLE), eventTime: 1607588903 })), /eventTime must be a string of decimal seconds/);
    assert.throws(() => decodePush('vsp', JSON.stringify({ ...JSON.parse(VSP_STATUS_EXAMPLE), userData: 'x'.repeat(2049) })), /userData is longer than 2048/);
    assert.throws(() => decodePush('ucloud', JSON.stringify({ ...JSON.parse(UCLOUD_EXAMPLE), CostCount: 1.5 })), /CostCount must be an integer/);
    assert.throws(() => decodePush('robot', JSON.stringify({ ...JSON.parse(ROBOT_EXAMPLE), task_row_head: [1] })), /task_row_head must be an array of strings/);
    assert.throws(() => decodePush('robot', JSON.stringify({ ...JSON.parse(ROBOT_EXAMPLE), task_result: 0 })), /task_result must be a string/);
    assert.throws(() => decodePush('huawei', '{"eventType":"fee","feeLst":[]}'), /feeLst must be a non-empty array/);
    assert.throws(() => decodePush('huawei', '{"eventType":"answer","statusInfo":{"sessionId":"s","timestamp":"2019-01-24T03:04:24Z"}}'), /timestamp/);
    assert.throws(() => decodePush('ucloud', 'success'), /not JSON/);
    assert.throws(() => decodePush('robot', '[1]'), /not a JSON object/);
  });
});
