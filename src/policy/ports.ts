// Call ports: each call in progress holds one of its app's ports (reference 1020165). The ports in
// use ARE the app's calls in progress: CallRepo.create, in the transaction that stores the call
// (after the limits' counters), counts the app's calls in state 'active' and refuses when the
// app's portQuota of them already are. Nothing is taken and nothing is given back, so nothing can
// leak: a call frees its port the moment its row becomes 'ended' (finish), whoever ends it, also
// crash recovery or a node adopting a dead node's calls (docs/cluster.md). Being the store's rows,
// the count is exact across every node that shares it (the store serialises the counts of one
// app: SQLite's single writer, an advisory lock per app on PostgreSQL), so two requests racing for
// the last port cannot both win. A quota lowered below the calls in progress refuses new calls
// until enough of them end.

import type { App } from '../domain/app.js';
import { refuse, type Refusal } from './refusal.js';

/** The refusal when CallRepo.create found every port of the app held (its answer 'ports'). */
export function portRefusal(app: Pick<App, 'portQuota'>): Refusal {
  return refuse('portLimit', `all ${app.portQuota} call ports of the app are in use`);
}
