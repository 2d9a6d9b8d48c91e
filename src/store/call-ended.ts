// A call's event or record arriving after the call was ended: on PostgreSQL, by another node that
// adopted the calls of a node it took for dead (a long pause, a partition: src/platform/cluster.ts),
// while that node's engine still ran them. Refused in the event's own transaction, so nothing
// (event, feed entry, push) follows the call's one disconnect; the engine drops the run.

export class CallNotActiveError extends Error {
  constructor(readonly sessionId: string) {
    super(`call ${sessionId} is unknown or already ended (another node may have ended it)`);
    this.name = 'CallNotActiveError';
  }
}
