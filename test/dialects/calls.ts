// Calls run through the real call engine on a manual clock, for the dialect tests and goldens:
// one per outcome the simulated network's test numbers produce.

import type { Call, CallEvent, CallRecord, CallTask } from '../../src/domain/call.js';
import { callback, harness, n, notify } from '../calls/helpers.js';

export interface RanCall {
  call: Call;
  events: CallEvent[];
  record: CallRecord;
}

/** The golden cases: a notification to each test number. */
export const CASES = {
  answered: '01',
  busy: '02',
  'no-answer': '03',
  'powered-off': '04',
  vacant: '05',
} as const;
export type CaseName = keyof typeof CASES;

export const TASK: CallTask = {
  taskId: 'task-42', dataId: 'row-7', tries: 1, rowIndex: 7, rowHead: ['客户手机号码', '姓名'], rowValue: ['+8613900000001', '张三'],
};

async function run(call: Call): Promise<RanCall> {
  const h = harness();
  h.engine.start(call);
  await h.clock.advance(120_000);
  await h.engine.idle(); // a recording is written with real I/O
  const done = h.sink.finished[0];
  if (!done) throw new Error('the call did not finish');
  const events = [...h.sink.events, ...(done.finalEvent ? [done.finalEvent] : [])];
  return { call, events, record: done.record };
}

export function runCase(name: CaseName, extra: Partial<Call> = {}): Promise<RanCall> {
  const welcome = { notifyVoice: 'welcome.wav', collectInd: 0, replayAfterCollection: false };
  return run({ ...notify({ calleeNbr: n(CASES[name]), playInfoList: [welcome] }), ...extra });
}

/**
 * The golden callbacks: both legs answer (recorded); A busy (B never dialled); A answers and B is
 * busy. They pin which leg each record field describes (docs/push-formats.md).
 */
export const CALLBACK_CASES = {
  'callback-answered': { callerNbr: n('01'), recordFlag: true },
  'callback-a-busy': { callerNbr: n('02') },
  'callback-b-busy': { callerNbr: n('01'), calleeNbr: n('02') },
} as const;
export type CallbackCaseName = keyof typeof CALLBACK_CASES;

export function runCallbackCase(name: CallbackCaseName, extra: Partial<Call> = {}): Promise<RanCall> {
  return run({ ...callback(CALLBACK_CASES[name]), ...extra });
}

/** A notification of two items that each collect one digit; the callee (+8613900000008) presses 1, then 2. */
export function runCollectCase(extra: Partial<Call> = {}): Promise<RanCall> {
  const item = { notifyVoice: 'welcome.wav', collectInd: 1, replayAfterCollection: false };
  return run({ ...notify({ calleeNbr: n('08'), playInfoList: [item, item] }), ...extra });
}
