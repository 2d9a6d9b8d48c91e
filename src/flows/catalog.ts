// The flows as the tasks see them (src/tasks/flow-catalog.ts): the variables a flow's version
// reads from a row, and the hold a task keeps on the version it runs (a flow_uses row, so the
// flow cannot be deleted while a task runs it: docs/flows.md "Versions and uses").

import type { MediaCatalog } from '../domain/media.js';
import type { FlowRepo } from '../store/flow-repo.js';
import type { FlowCatalog } from '../tasks/flow-catalog.js';
import { checkVariableValue, flowVariableUses, flowVariables } from './variables.js';

/** `media` gives the templates' contents, so a row's value is checked against its template variable's type and length. */
export function storeFlowCatalog(flows: FlowRepo, media?: Pick<MediaCatalog, 'template'>): FlowCatalog {
  return {
    async variables(appKey, flowId, version) {
      const flow = await flows.get(appKey, flowId, version);
      return flow ? flowVariables(flow.definition) : undefined;
    },
    async valueCheck(appKey, flowId, version) {
      const flow = await flows.get(appKey, flowId, version);
      if (!flow) return undefined;
      const uses = flowVariableUses(flow.definition);
      // The template contents as they are at the upload (a template changed later is checked again by its own review).
      const content = new Map(uses.filter((u) => u.template !== undefined).map((u) => [u.template!, media?.template(appKey, u.template!)?.content]));
      return (name, value) => {
        for (const use of uses) {
          if (use.name !== name) continue;
          const problem = checkVariableValue(use, value, use.template === undefined ? undefined : content.get(use.template));
          if (problem) return `${problem} (node "${use.node}")`;
        }
        return undefined;
      };
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
