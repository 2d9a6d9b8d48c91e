// The port through which tasks learn about dialogue flows (src/flows/ owns them): whether a flow
// exists, and which row variables it needs. Injected into the task service; the platform wires
// the flows' own catalog (flowVariables), tests a fake.

export interface FlowCatalog {
  /**
   * The variables (column names) a row must provide for the flow's `version` (absent: its newest),
   * or undefined when the app has no such flow (or no such version).
   */
  variables(appKey: string, flowId: string, version?: number): Promise<string[] | undefined>;
}

/** A catalog with no flow: every task is refused "no such flow" (a platform without flows wired). */
export const NO_FLOWS: FlowCatalog = {
  async variables() {
    return undefined;
  },
};
