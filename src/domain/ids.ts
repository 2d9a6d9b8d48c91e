// Identifiers in the reference's shapes:
//   sessionId  1201_612_4294967295_20190124030424@callenabler245.huaweicaas.com
//   icid       CAE-20190124110424-12019775
// The first field of a session id names the service (the reference's push examples use 1201 for
// callback, 1202 for notification and 1200 for verification); the second is a per-node sequence,
// the third this node's id, the fourth the UTC time, then the host name.

import { createHash, randomInt } from 'node:crypto';
import type { ServiceKind } from './call.js';

const SERVICE_PREFIX: Record<ServiceKind, string> = { callback: '1201', notify: '1202', verify: '1200' };

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/**
 * The session id's node field of a node id (VOXCALL_NODE_ID): its first 32 bits of SHA-256, so a
 * node keeps its field across restarts and two nodes differ in it (but for a 2^-32 chance).
 */
export function nodeField(nodeId: string): number {
  return createHash('sha256').update(nodeId).digest().readUInt32BE(0);
}

export class IdFactory {
  #seq: number;
  readonly #node: number;
  readonly #host: string;

  constructor(opts: { lastSeq: number; hostName: string; nodeId?: number }) {
    this.#seq = opts.lastSeq;
    this.#host = opts.hostName;
    this.#node = opts.nodeId ?? randomInt(0, 2 ** 32 - 1);
  }

  sessionId(kind: ServiceKind, now: number): string {
    this.#seq += 1;
    return `${SERVICE_PREFIX[kind]}_${this.#seq}_${this.#node}_${stamp(now)}@${this.#host}`;
  }

  /** icid carries Beijing time, as the reference's CDR examples show (11:04:24 for 03:04:24 UTC). */
  icid(now: number): string {
    return `CAE-${stamp(now + 8 * 3600_000)}-${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  }
}
