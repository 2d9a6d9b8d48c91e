// One sample call every dialect can encode: a voice notification to a test number, answered after
// 2 s of ringing, 8 s of talk, released by the callee. The operator's "test push" sends its status
// event or its record in a subscription's format, so a receiver can be checked without placing a
// call. Its ids say what it is (`@voxcall-test-push`), so a receiver can tell it from real traffic.

import type { Call, CallEvent, CallRecord } from '../../domain/call.js';
import type { TaskStatusEvent } from '../../domain/task-status.js';

export const TEST_PUSH_HOST = 'voxcall-test-push';

export interface SampleCall {
  call: Call;
  /** The answer event: pushed by every format that pushes status events. */
  event: CallEvent;
  record: CallRecord;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** The sample, as if it had ended at `now` (times in ms, UTC), for the app `appKey`. */
export function sampleCall(appKey: string, spId: string, now: number): SampleCall {
  const start = Math.floor(now / 1000) * 1000 - 11_000;
  const alerting = start + 1000;
  const answer = alerting + 2000;
  const end = answer + 8000;
  const sessionId = `1202_0_0_${stamp(start)}@${TEST_PUSH_HOST}`;
  const display = '+8675500000001';
  const callee = '+8613900000001';
  const call: Call = {
    sessionId,
    icid: `CAE-${stamp(start + 8 * 3600_000)}-00000000`,
    appKey,
    spId,
    plan: { kind: 'notify', displayNbr: display, calleeNbr: callee, playInfoList: [{ notifyVoice: 'welcome.wav', collectInd: 0, replayAfterCollection: false }] },
    createdAt: start,
  };
  const event: CallEvent = { sessionId, seq: 3, type: 'answer', leg: 'A', at: answer, caller: display, called: callee };
  const record: CallRecord = {
    sessionId,
    icid: call.icid,
    appKey,
    spId,
    kind: 'notify',
    direction: 0,
    bindNum: display,
    callerNum: display,
    calleeNum: callee,
    legA: { startAt: start, alertingAt: alerting, answerAt: answer, endAt: end, q850: 0, sipStatus: 0 },
    callEndAt: end,
    outcome: 'answered',
    stateCode: 0,
    ulFailReason: 0,
    sipStatusCode: 0,
    partyType: 'callee',
    digits: [],
    ttsPlayTimes: 0,
    ttsTransDuration: 0,
    hostName: TEST_PUSH_HOST,
  };
  return { call, event, record };
}

/** The sample of a task's state change (formats that push task events): a sample task starting. */
export function sampleTaskEvent(appKey: string, now: number): TaskStatusEvent {
  return {
    taskId: '0000000000000000', appKey, name: `task@${TEST_PUSH_HOST}`, seq: 1, state: 'running', previousState: 'draft',
    action: 'start', reason: 'user',
    counters: { total: 3, dialled: 0, answered: 0, byResult: {}, remaining: 3, retryPending: 0, dialling: 0 },
    at: Math.floor(now / 1000) * 1000,
  };
}
