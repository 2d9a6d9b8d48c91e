// The flows as the tasks see them (src/tasks/flow-catalog.ts): the variables a flow's version
// reads from a row, and the hold a task keeps on the version it runs (a flow_uses row, so the
// flow cannot be deleted while a task runs it: docs/flows.md "Versions and uses").

import type { MediaCatalog } from '../domain/media.js';
import type { FlowRepo } from '../store/flow-repo.js';
import type { FlowCatalog } from '../tasks/flow-catalog.js';
import { flowVariableUses, flowVariables, variableValueProblem, type VariableUse } from './variables.js';

/** A template's content by app and name (the media catalog's), for the values a template takes. */
export type TemplateContent = (appKey: string, name: string) => string | undefined;

export function storeFlowCatalog(flows: FlowRepo, templates?: TemplateContent): FlowCatalog {
  return {
    async variables(appKey, flowId, version) {
      const flow = await flows.get(appKey, flowId, version);
      return flow ? flowVariables(flow.definition) : undefined;
    },
    async valueCheck(appKey, flowId, version) {
      const flow = await flows.get(appKey, flowId, version);
      if (!flow) return undefined;
      // Each use with its template's content, read once for the whole upload.
      const byName = new Map<string, Array<{ use: VariableUse; content: string | undefined }>>();
      for (const use of flowVariableUses(flow.definition)) {
        const content = use.template === undefined ? undefined : templates?.(appKey, use.template);
        byName.set(use.name, [...(byName.get(use.name) ?? []), { use, content }]);
      }
      return (column, value) => {
        for (const { use, content } of byName.get(column) ?? []) {
          const problem = variableValueProblem(use, value, content);
          if (problem) return { ...problem, message: `${problem.message} (node "${use.node}")` };
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
