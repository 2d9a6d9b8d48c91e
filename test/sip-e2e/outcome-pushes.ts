// What the end-to-end SIP tests compare with the simulated network: the fields of a call's pushes
// that say how it went (not its times, ids or numbers), in the order they came.

import { callEnded, feeItems } from '../helpers/expect.js';
import type { Receiver } from '../helpers/receiver.js';

/** statusInfo fields that say how the call went (the rest are ids, numbers and times). */
const STATUS_KEYS = ['stateCode', 'stateDesc', 'partyType', 'digitInfo'] as const;
/** CDR fields that say how the call went. */
const FEE_KEYS = ['direction', 'serviceType', 'callOutUnaswRsn', 'fwdUnaswRsn', 'ulFailReason', 'sipStatusCode', 'recordFlag', 'dynIVRPath'] as const;

const pick = (o: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

export interface Outcome {
  events: string[];
  /** Per status push: its eventType and the fields above, with the names of all its fields. */
  status: Array<Record<string, unknown>>;
  fee: Record<string, unknown>;
  feeKeys: string[];
}

export function outcomeOf(rx: Receiver, sessionId: string, status = '/status', fee = '/fee'): Outcome {
  const pushes = rx.on(status).filter((p) => p.body.statusInfo.sessionId === sessionId);
  const cdr = feeItems(rx, fee).find((f) => f.sessionId === sessionId);
  if (!cdr) throw new Error(`no CDR for ${sessionId}`);
  return {
    events: pushes.map((p) => p.body.eventType as string),
    status: pushes.map((p) => ({
      eventType: p.body.eventType,
      ...pick(p.body.statusInfo, STATUS_KEYS),
      fields: Object.keys(p.body.statusInfo).sort().join(','),
    })),
    fee: pick(cdr, FEE_KEYS),
    feeKeys: Object.keys(cdr).sort(),
  };
}

/** Waits (real time) for the call's disconnect push and its CDR. */
export async function ended(rx: Receiver, sessionId: string, timeoutMs: number): Promise<void> {
  await rx.until(callEnded(sessionId), timeoutMs);
}
