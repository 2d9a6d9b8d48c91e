// Calls the network offers while the node starts: until the inbound router is set (once the API
// server is built: src/inbound/, docs/inbound.md), each is refused with Q.850 cause 1 (unallocated
// number; SIP 404 on a trunk, docs/sip.md) and written as one log line, so an operator sees who
// called which number.

import type { Logger } from 'pino';
import type { InboundHandler } from '../network/types.js';

export const UNSERVED_Q850 = 1;

export function refuseInbound(logger: Logger): InboundHandler {
  return (offer) => {
    offer.reject(UNSERVED_Q850);
    logger.info({ event: 'call.inbound_refused', sessionId: offer.sessionId, from: offer.from, to: offer.to, q850: UNSERVED_Q850 }, 'inbound call refused: the node is starting');
  };
}
