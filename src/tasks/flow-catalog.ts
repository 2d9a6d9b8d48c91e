// The port through which tasks learn about dialogue flows (src/flows/ owns them): whether a flow
// exists, which row variables it needs, and the hold a task keeps on it. Injected into the task
// service; the platform wires the store's (src/flows/catalog.ts), tests may a fake.

/** Why a row value does not fit where the flow reads it: too long for it, or characters it does not take. */
export interface RowValueProblem {
  kind: 'too_long' | 'bad_value';
  message: string;
}

/** Checks one value of a row: the column (a variable the flow reads) and its value. */
export type RowValueCheck = (column: string, value: string) => RowValueProblem | undefined;

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
   * The check of a row's values against every place the flow's `version` reads them (a template
   * variable's type and length, a text's length, a transfer's number: docs/flows.md "Variables"),
   * or undefined when there is no such flow. A catalog without it checks only that values are there.
   */
  valueCheck?(appKey: string, flowId: string, version?: number): Promise<RowValueCheck | undefined>;
  /** Forgets a hold (the task could not be stored after all). */
  release?(appKey: string, flowId: string, taskId: string): Promise<void>;
}
