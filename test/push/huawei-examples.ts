// The example bodies of the Huawei reference, transcribed from
// shared/spec/huawei-voicecall-api-reference.txt, with the calls that produce them.
// Two transcription fixes, both where the example contradicts its own field table: 4.5's
// "fwdlUnaswRsn" is fwdUnaswRsn (table 4-23), 5.4's "splId" is spId (table 5-21).

import type { Call, CallEvent, CallRecord } from '../../src/domain/call.js';

const at = (s: string): number => Date.parse(s.replace(' ', 'T') + 'Z');

export const STATUS_EXAMPLES = {
  callout: '{"eventType":"callout","statusInfo":{"sessionId":"1201_612_4294967295_20190124030424@callenabler245.huaweicaas.com","timestamp":"2019-01-24 03:04:24","caller":"+86138****0022","called":"+86138****0021"}}',
  alerting: '{"eventType":"alerting","statusInfo":{"sessionId":"1201_612_4294967295_20190124030424@callenabler245.huaweicaas.com","timestamp":"2019-01-24 03:04:26","caller":"+86138****0022","called":"+86138****0021"}}',
  answer: '{"eventType":"answer","statusInfo":{"sessionId":"1201_612_4294967295_20190124030424@callenabler245.huaweicaas.com","timestamp":"2019-01-24 03:04:31","caller":"+86138****0022","called":"+86138****0021"}}',
  disconnect: '{"eventType":"disconnect","statusInfo":{"sessionId":"1201_612_4294967295_20190124030424@callenabler245.huaweicaas.com","timestamp":"2019-01-24 03:04:49","caller":"+86138****0022","called":"+86138****0021","stateCode":0,"stateDesc":"The user releases the call."}}',
  collectInfo: '{"eventType":"collectInfo","statusInfo":{"sessionId":"1202_14260_4294967295_20190124024846@callenable245.huaweicaas.com","timestamp":"2019-01-24 02:49:12","digitInfo":"02"}}',
} as const;

export const FEE_EXAMPLES = {
  callback: '{"eventType":"fee","feeLst":[{"direction":0,"spId":"CaaS_Test_01","appKey":"ka4kESI5s3YyurL1wpx63s9YnEm2","icid":"CAE-20190124110424-12019775","bindNum":"+86755****5678","sessionId":"1201_612_4294967295_20190124030424@callenabler245.huaweicaas.com","callerNum":"+86138***0022","calleeNum":"+86138***0021","fwdDisplayNum":"+86138***0022","fwdDstNum":"+86138***7021","fwdStartTime":"2019-01-24 03:04:31","fwdAlertingTime":"2019-01-24 03:04:36","fwdAnswerTime":"2019-01-24 03:04:38","callEndTime":"2019-01-24 03:04:49","fwdUnaswRsn":0,"ulFailReason":0,"sipStatusCode":0,"callOutStartTime":"2019-01-24 03:04:24","callOutAlertingTime":"2019-01-24 03:04:27","callOutAnswerTime":"2019-01-24 03:04:31","callOutUnaswRsn":0,"recordFlag":0,"ttsPlayTimes":0,"ttsTransDuration":0,"serviceType":"002","hostName":"callenable245.huaweicaas.com"}]}',
  notify: '{"eventType":"fee","feeLst":[{"direction":0,"spId":"CaaS_Test_01","appKey":"x0GexpPpyRKhbA7ZC7kXBN8uX8vl","icid":"CAE-20190124104846-12028700","bindNum":"+8675528***02","sessionId":"1202_14260_4294967295_20190124024846@callenabler245.huaweicaas.com","callerNum":"+86138***0022","calleeNum":"+86138***0021","callEndTime":"2019-01-24 02:49:23","fwdUnaswRsn":0,"ulFailReason":0,"sipStatusCode":0,"callOutStartTime":"2019-01-24 02:48:46","callOutAlertingTime":"2019-01-24 02:48:51","callOutAnswerTime":"2019-01-24 02:49:12","callOutUnaswRsn":0,"recordFlag":0,"ttsPlayTimes":1,"ttsTransDuration":1,"serviceType":"001","hostName":"callenable245.huaweicaas.com"}]}',
  verify: '{"eventType":"fee","feeLst":[{"direction":0,"spId":"CaaS_Test_01","appKey":"7VN6w60Pl3e1E5C8310517x32698","icid":"CAE-20190124105808-12009374","bindNum":"+8675528***02","sessionId":"1200_164_4294967295_20190124025808@callenabler245.huaweicaas.com","callerNum":"+86138****0021","calleeNum":"+86138****7021","callEndTime":"2019-01-24 02:58:36","fwdUnaswRsn":0,"ulFailReason":0,"sipStatusCode":0,"callOutStartTime":"2019-01-24 02:58:08","callOutAlertingTime":"2019-01-24 02:58:13","callOutAnswerTime":"2019-01-24 02:58:24","callOutUnaswRsn":0,"recordFlag":0,"ttsPlayTimes":0,"ttsTransDuration":0,"serviceType":"001","hostName":"callenabler245.huaweicaas.com"}]}',
} as const;

const CB_SID = '1201_612_4294967295_20190124030424@callenabler245.huaweicaas.com';

export const callbackCall: Call = {
  sessionId: CB_SID,
  icid: 'CAE-20190124110424-12019775',
  appKey: 'ka4kESI5s3YyurL1wpx63s9YnEm2',
  spId: 'CaaS_Test_01',
  plan: {
    kind: 'callback', displayNbr: '+86138****0022', callerNbr: '+86138****0021', displayCalleeNbr: '+86138***0022',
    calleeNbr: '+86138***7021', maxDuration: 0, lastMinToUE: 'both', playPreVoice: false, calleeMedia: 'all',
    recordFlag: false, partyTypeRequiredInDisconnect: false,
  },
  statusUrl: 'https://sp.example.com/status',
  feeUrl: 'https://sp.example.com/fee',
  createdAt: at('2019-01-24 03:04:24'),
};

export function callbackEvent(type: CallEvent['type'], time: string, seq: number): CallEvent {
  const e: CallEvent = {
    sessionId: CB_SID, seq, type, leg: 'A', at: at(time), caller: '+86138****0022', called: '+86138****0021',
  };
  if (type === 'disconnect') {
    e.stateCode = 0;
    e.stateDesc = 'The user releases the call.';
    e.partyType = 'caller';
  }
  return e;
}

export const notifyCall: Call = {
  sessionId: '1202_14260_4294967295_20190124024846@callenable245.huaweicaas.com',
  icid: 'CAE-20190124104846-12028700',
  appKey: 'x0GexpPpyRKhbA7ZC7kXBN8uX8vl',
  spId: 'CaaS_Test_01',
  plan: { kind: 'notify', displayNbr: '+86138***0022', calleeNbr: '+86138***0021', playInfoList: [] },
  createdAt: at('2019-01-24 02:48:46'),
};

export const callbackRecord: CallRecord = {
  sessionId: CB_SID, icid: 'CAE-20190124110424-12019775', appKey: 'ka4kESI5s3YyurL1wpx63s9YnEm2',
  spId: 'CaaS_Test_01', kind: 'callback', direction: 0, bindNum: '+86755****5678',
  callerNum: '+86138***0022', calleeNum: '+86138***0021', fwdDisplayNum: '+86138***0022', fwdDstNum: '+86138***7021',
  legA: { startAt: at('2019-01-24 03:04:24'), alertingAt: at('2019-01-24 03:04:27'), answerAt: at('2019-01-24 03:04:31'), endAt: at('2019-01-24 03:04:49'), q850: 0, sipStatus: 0 },
  legB: { startAt: at('2019-01-24 03:04:31'), alertingAt: at('2019-01-24 03:04:36'), answerAt: at('2019-01-24 03:04:38'), endAt: at('2019-01-24 03:04:49'), q850: 0, sipStatus: 0 },
  callEndAt: at('2019-01-24 03:04:49'), outcome: 'answered', stateCode: 0, ulFailReason: 0, sipStatusCode: 0,
  partyType: 'caller', digits: [], ttsPlayTimes: 0, ttsTransDuration: 0, hostName: 'callenable245.huaweicaas.com',
};

/** The 5.4 example: its body has no dynIVR* fields, so the call it describes collected no digits. */
export const notifyRecord: CallRecord = {
  sessionId: '1202_14260_4294967295_20190124024846@callenabler245.huaweicaas.com', icid: 'CAE-20190124104846-12028700',
  appKey: 'x0GexpPpyRKhbA7ZC7kXBN8uX8vl', spId: 'CaaS_Test_01', kind: 'notify', direction: 0, bindNum: '+8675528***02',
  callerNum: '+86138***0022', calleeNum: '+86138***0021',
  legA: { startAt: at('2019-01-24 02:48:46'), alertingAt: at('2019-01-24 02:48:51'), answerAt: at('2019-01-24 02:49:12'), endAt: at('2019-01-24 02:49:23'), q850: 0, sipStatus: 0 },
  callEndAt: at('2019-01-24 02:49:23'), outcome: 'answered', stateCode: 0, ulFailReason: 0, sipStatusCode: 0,
  partyType: 'callee', digits: [], ttsPlayTimes: 1, ttsTransDuration: 1, hostName: 'callenable245.huaweicaas.com',
};

export const verifyRecord: CallRecord = {
  sessionId: '1200_164_4294967295_20190124025808@callenabler245.huaweicaas.com', icid: 'CAE-20190124105808-12009374',
  appKey: '7VN6w60Pl3e1E5C8310517x32698', spId: 'CaaS_Test_01', kind: 'verify', direction: 0, bindNum: '+8675528***02',
  callerNum: '+86138****0021', calleeNum: '+86138****7021',
  legA: { startAt: at('2019-01-24 02:58:08'), alertingAt: at('2019-01-24 02:58:13'), answerAt: at('2019-01-24 02:58:24'), endAt: at('2019-01-24 02:58:36'), q850: 0, sipStatus: 0 },
  callEndAt: at('2019-01-24 02:58:36'), outcome: 'answered', stateCode: 0, ulFailReason: 0, sipStatusCode: 0,
  partyType: 'callee', digits: [], ttsPlayTimes: 0, ttsTransDuration: 0, hostName: 'callenabler245.huaweicaas.com',
};

export const verifyCall: Call = {
  sessionId: verifyRecord.sessionId, icid: verifyRecord.icid, appKey: verifyRecord.appKey, spId: 'CaaS_Test_01',
  plan: { kind: 'verify', displayNbr: '+86138****0021', calleeNbr: '+86138****7021', languageType: 1, preTone: 'a.wav', verifyCode: '1234', times: 1 },
  createdAt: at('2019-01-24 02:58:08'),
};
