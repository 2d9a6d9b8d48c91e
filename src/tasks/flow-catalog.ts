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
  /**
   * Why a row's value of a variable cannot fill the places the flow's version reads it (a template
   * variable's type and length, a transfer's number, a spoken text's limit), or undefined when it
   * can. A catalog without it (a test's) checks only that needed values are not empty.
   */
  valueCheck?(appKey: string, flowId: string, version?: number): Promise<((name: string, value: string) => string | undefined) | undefined>;
  /** Forgets a hold (the task could not be stored after all). */
  release?(appKey: string, flowId: string, taskId: string): Promise<void>;
}
