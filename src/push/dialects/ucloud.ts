// The UCloud voice-message receipt (shared/spec/ucloud-uvms-receipt-push.md): one receipt per
// call, records only. Success is HTTP 200 exactly ("响应http code 不是200" is a failure); retried
// every second, three times.

import type { Call, CallRecord } from '../../domain/call.js';
import { moments, wireRecordParties } from './call-facts.js';
import { singleItemBody } from './single-body.js';
import { jsonPushHeaders } from './standard-webhooks.js';
import type { Dialect } from './types.js';
import { RECEIPT_OF, costCount } from './ucloud-receipts.js';
import { userIdOf } from './ucloud-user-id.js';

export interface UcloudReceipt {
  TaskNo: string;
  Phone: string;
  ShowNumber: string;
  CostCount: number;
  ReceiptResult: number;
  ReceiptCode: string;
  ReceiptDesc: string;
  CallStartTime: number;
  AnswerTime: number;
  CallEndTime: number;
  Duration: number;
  UserId: string;
}

function encodeRecord(call: Call, r: CallRecord): UcloudReceipt {
  const p = wireRecordParties(call, r);
  const m = moments(r);
  const receipt = RECEIPT_OF[r.outcome];
  return {
    TaskNo: r.sessionId,
    Phone: p.callee,
    ShowNumber: p.shownToCallee,
    CostCount: costCount(m.talkSeconds),
    ReceiptResult: receipt.result,
    ReceiptCode: receipt.code,
    ReceiptDesc: receipt.desc,
    CallStartTime: m.dialAt,
    AnswerTime: m.answerAt ?? 0,
    CallEndTime: m.endAt,
    Duration: m.talkSeconds,
    // Never a refusal at request time: a userData the UserId rules forbid travels as its digest.
    UserId: userIdOf(call.userData),
  };
}

export const UCLOUD_SCHEDULE = [1000, 1000, 1000];

export const ucloud: Dialect = {
  name: 'ucloud',
  // No status events in this format; the status schedule is never used.
  schedules: { status: UCLOUD_SCHEDULE, record: UCLOUD_SCHEDULE },
  attemptTimeoutMs: 3000,
  maxBatch: 1,
  signatureOptional: true,
  encodeStatus: () => undefined,
  encodeRecord,
  recordBatchKey: () => undefined,
  body: singleItemBody('ucloud'),
  headers: jsonPushHeaders,
  judge: (status) => (status === 200 ? { ok: true } : { ok: false, reason: `HTTP ${status}` }),
};
