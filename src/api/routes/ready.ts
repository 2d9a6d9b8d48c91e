// GET /ready (docs/cluster.md): 200 {ready:true} while a load balancer should send this node
// traffic, 503 {ready:false, reason} when it must not (store unreachable, draining on SIGTERM).
// Unauthenticated like /health: a load balancer's probe carries no credentials.

import type { FastifyInstance } from 'fastify';

export type ReadyAnswer = { ready: true } | { ready: false; reason: string };

export function registerReadyRoute(app: FastifyInstance, check: () => Promise<ReadyAnswer>): void {
  app.get('/ready', async (_request, reply) => {
    const answer = await check();
    return reply.code(answer.ready ? 200 : 503).send(answer);
  });
}
