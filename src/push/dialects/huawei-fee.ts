// The Huawei CDR item (FeeInfo, reference 4.5 / 5.4 / 6.4). Field order follows the reference's
// example bodies; optional fields appear only when the call has them.

import type { Call, CallRecord } from '../../domain/call.js';

/** `yyyy-MM-dd HH:mm:ss` in UTC, the reference's timestamp format for pushes. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** serviceType: "002" voice callback; "001" both voice notification and verification code. */
const SERVICE_TYPE: Record<CallRecord['kind'], string> = { callback: '002', notify: '001', verify: '001' };

export type FeeInfo = Record<string, string | number>;

export function encodeFee(call: Call, r: CallRecord): FeeInfo {
  const f: FeeInfo = {
    direction: r.direction,
    spId: r.spId,
    appKey: r.appKey,
    icid: r.icid,
    bindNum: r.bindNum,
    sessionId: r.sessionId,
    callerNum: r.callerNum,
    calleeNum: r.calleeNum,
  };
  const put = (name: string, v: string | number | undefined): void => {
    if (v !== undefined) f[name] = v;
  };
  const time = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : utcStamp(ms));

  if (r.kind === 'callback') {
    // The forwarded (B) leg: only a callback has one.
    put('fwdDisplayNum', r.fwdDisplayNum);
    put('fwdDstNum', r.fwdDstNum);
    put('fwdStartTime', time(r.legB?.startAt));
    put('fwdAlertingTime', time(r.legB?.alertingAt));
    put('fwdAnswerTime', time(r.legB?.answerAt));
  }
  f.callEndTime = utcStamp(r.callEndAt);
  // Present in all three scenarios' examples, 0 when there was no B leg or it did not fail.
  f.fwdUnaswRsn = r.legB?.q850 ?? 0;
  put('failTime', time(r.failAt));
  f.ulFailReason = r.ulFailReason;
  f.sipStatusCode = r.sipStatusCode;
  f.callOutStartTime = utcStamp(r.legA.startAt);
  put('callOutAlertingTime', time(r.legA.alertingAt));
  put('callOutAnswerTime', time(r.legA.answerAt));
  f.callOutUnaswRsn = r.legA.q850;
  f.recordFlag = r.recording ? 1 : 0;
  if (r.recording) {
    f.recordStartTime = utcStamp(r.recording.startAt);
    f.recordObjectName = r.recording.objectName;
    f.recordBucketName = r.recording.bucketName;
    f.recordDomain = r.recording.domain;
  }
  f.ttsPlayTimes = r.ttsPlayTimes;
  f.ttsTransDuration = r.ttsTransDuration;
  f.serviceType = SERVICE_TYPE[r.kind];
  f.hostName = r.hostName;
  put('userData', r.userData ?? call.userData);
  return f;
}
