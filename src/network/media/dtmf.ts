// RFC 4733 reception: one digit per event, whatever the sender's retransmission habits. An event
// is identified by its RTP timestamp (§2.5.1.1: every packet of one event carries the timestamp
// of its start), so repeated updates and the customary three end packets collapse into one.

import { dtmfDigit, type TelephoneEvent } from './rtp-packet.js';

/** An event whose packets stop arriving without an end bit is reported after this long. */
export const DTMF_LOST_END_MS = 250;
/** Timestamps of recent events kept to recognise late retransmissions of events already reported. */
const REMEMBERED = 8;

interface Pending {
  timestamp: number;
  digit: string;
  lastAt: number;
}

export class DtmfReceiver {
  private pending: Pending | undefined;
  private readonly done: number[] = [];

  constructor(private readonly report: (digit: string) => void) {}

  /** One telephone-event packet; `now` is a monotonic ms clock. */
  onPacket(timestamp: number, ev: TelephoneEvent, now: number): void {
    if (this.done.includes(timestamp)) return;
    const digit = dtmfDigit(ev.event);
    if (this.pending && this.pending.timestamp !== timestamp) this.finish(); // its end packets were lost
    if (digit === undefined) return;
    if (ev.end) {
      this.pending = { timestamp, digit, lastAt: now };
      this.finish();
      return;
    }
    this.pending = { timestamp, digit, lastAt: now };
  }

  /** Called on the worker's tick: reports an event whose end never came. */
  poll(now: number): void {
    if (this.pending && now - this.pending.lastAt >= DTMF_LOST_END_MS) this.finish();
  }

  private finish(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.done.push(p.timestamp);
    if (this.done.length > REMEMBERED) this.done.shift();
    this.report(p.digit);
  }
}
