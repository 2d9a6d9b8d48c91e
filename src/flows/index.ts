// Dialogue flow definitions: validation (shape, graph, limits), the checks against an app, and the
// variables a flow reads from a task row. The shape itself is src/domain/flow.ts; docs/flows.md.

export { validateFlow, NODE_ID, type FlowValidation } from './validate.js';
export { checkFlowAgainstApp, type FlowAppContext } from './app-check.js';
export { flowVariables, flowVariableUses, checkVariableValue, variableValueProblem, scanText, type ValueProblem, type VariableUse } from './variables.js';
export { exitsOf, reachable, type Exit } from './graph.js';
export { describeFlowError } from './describe.js';
