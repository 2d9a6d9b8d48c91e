// Whether a store error means "the database cannot be reached right now" (an outage, a restart,
// a failover) rather than a fault of the request or a bug. Those are worth retrying (the call
// engine's writes) and are answered as such (the API, /health); anything else is not retried.
// Only PostgreSQL has such errors: SQLite is a file in the process.

/** SQLSTATEs of a server going away or not there yet (class 08 is matched as a prefix). */
const SERVER_GONE = new Set([
  '57P01', // admin_shutdown: pg_ctl stop, a failover
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '53300', // too_many_connections: a restart's reconnect storm
]);

export function isStoreUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code.startsWith('08') || SERVER_GONE.has(code)) return true;
  // Socket errors of node (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, EHOSTUNREACH...).
  if (/^E[A-Z]+$/.test(code) && code !== 'EINVAL') return true;
  // node-postgres's own, without a code: the pool's connect timeout, a socket closed under a query.
  const message = typeof e?.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Connection closed/i.test(message);
}
