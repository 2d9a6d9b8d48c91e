// A FlowCatalog for tests (the real one is the flows' own): flow "greet" needs the variable
// `name`, flow "plain" none; any other flow does not exist.

import type { FlowCatalog } from '../../src/tasks/flow-catalog.js';

export const fakeFlows: FlowCatalog = {
  async variables(_appKey, flowId) {
    return flowId === 'greet' ? ['name'] : flowId === 'plain' ? [] : undefined;
  },
};
