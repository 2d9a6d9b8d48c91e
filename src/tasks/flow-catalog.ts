// The port through which tasks learn about dialogue flows (src/flows/ owns them): whether a flow
// exists, which row variables it needs, and the hold a task keeps on it. Injected into the task
// service; the platform wires the store's (src/flows/catalog.ts), tests may a fake.

export interface FlowCatalog {
  /**
   * The variables (column names) a row must provide for the flow's `version` (absent: its newest),
   * or undefined when the app has no such flow (or no such version).
   */
  variables(appKey: string, flowId: string, version?: number): Promise<string[] | undefined>;
  /**
   * Records that the task holds the flow's version (absent: its newest), so the flow cannot be
   * deleted under it; resolves the version held, or undefined when there is no such flow or
   * version. A catalog without it (a test's) holds nothing.
   */
  hold?(appKey: string, flowId: string, version: number | undefined, taskId: string, at: number): Promise<number | undefined>;
  /** Forgets a hold (the task could not be stored after all). */
  release?(appKey: string, flowId: string, taskId: string): Promise<void>;
}
