// Everything a format pushes for one call, as the bodies a receiver gets: one per status event
// the format pushes, one per record push.

import type { Dialect } from '../../src/push/dialects/types.js';
import type { RanCall } from './calls.js';

export const SUB_ID = 'sub_golden';

export interface Pushed {
  status: string[];
  record: string[];
}

/** The recording link the goldens carry: the outbox writer's link maker is the platform's, not the dialect's. */
export const recordingUrlOf = (objectName: string): string => `https://voxcall.example/recordings/${objectName}?app=golden&expires=1&signature=golden`;

export function pushedBodies(d: Dialect, ran: RanCall): Pushed {
  const rec = ran.record.recording;
  const ctx = { subscriptionId: SUB_ID, ...(rec ? { recordingUrl: recordingUrlOf(rec.objectName) } : {}) };
  const status: string[] = [];
  for (const e of ran.events) {
    const item = d.encodeStatus(ran.call, e, ctx);
    if (item !== undefined) status.push(d.body('status', [item]));
  }
  const items = d.encodeRecords ? d.encodeRecords(ran.call, ran.record, ctx) : [d.encodeRecord(ran.call, ran.record, ctx)];
  return { status, record: items.map((i) => d.body('record', [i])) };
}
