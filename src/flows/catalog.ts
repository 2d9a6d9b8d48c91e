// The flows as the tasks see them (src/tasks/flow-catalog.ts): the variables a flow's version
// reads from a row, and the hold a task keeps on the version it runs (a flow_uses row, so the
// flow cannot be deleted while a task runs it: docs/flows.md "Versions and uses").

import type { FlowRepo } from '../store/flow-repo.js';
import type { FlowCatalog } from '../tasks/flow-catalog.js';
import { flowVariables } from './variables.js';

export function storeFlowCatalog(flows: FlowRepo): FlowCatalog {
  return {
    async variables(appKey, flowId, version) {
      const flow = await flows.get(appKey, flowId, version);
      return flow ? flowVariables(flow.definition) : undefined;
    },
    async hold(appKey, flowId, version, taskId, at) {
      const v = version ?? (await flows.get(appKey, flowId))?.version;
      if (v === undefined) return undefined;
      const added = await flows.use(appKey, flowId, { kind: 'task', id: taskId, version: v, since: at });
      return added === 'not_found' ? undefined : v;
    },
    async release(appKey, flowId, taskId) {
      await flows.release(appKey, flowId, 'task', taskId);
    },
  };
}
