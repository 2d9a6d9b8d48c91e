// Call outcome -> UCloud receipt (ReceiptResult, ReceiptCode, ReceiptDesc), and the billing rule
// for CostCount. Published in docs/push-formats.md; a test checks the two agree.

import type { CallOutcome } from '../../domain/call.js';

export interface Receipt {
  /** 1 delivered, 2 failed, 3 no status report (the document's three values). */
  result: 1 | 2 | 3;
  code: string;
  desc: string;
}

export const RECEIPT_OF: Record<CallOutcome, Receipt> = {
  answered: { result: 1, code: 'Delivrd', desc: '用户接收成功' },
  busy: { result: 2, code: 'UserBusy', desc: '用户忙' },
  no_answer: { result: 2, code: 'NoAnswer', desc: '用户未接听' },
  powered_off: { result: 2, code: 'PowerOff', desc: '用户关机' },
  vacant: { result: 2, code: 'Vacant', desc: '空号' },
  rejected: { result: 2, code: 'Rejected', desc: '用户拒接' },
  unreachable: { result: 2, code: 'Unreachable', desc: '用户无法接通' },
  cancelled: { result: 2, code: 'Cancelled', desc: '呼叫已取消' },
  // A platform failure (including a call a crash interrupted): nobody knows what the callee got.
  failed: { result: 3, code: 'Unknown', desc: '未获取到呼叫结果' },
};

/** ReceiptCode -> outcome, for the decoder. */
export function outcomeOfReceiptCode(code: string): CallOutcome | undefined {
  for (const [outcome, r] of Object.entries(RECEIPT_OF) as Array<[CallOutcome, Receipt]>) if (r.code === code) return outcome;
  return undefined;
}

/** CostCount: one per started minute of talk; 0 when the call was not answered. */
export function costCount(talkSeconds: number): number {
  return talkSeconds <= 0 ? 0 : Math.ceil(talkSeconds / 60);
}
