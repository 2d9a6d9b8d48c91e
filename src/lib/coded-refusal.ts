// A refusal of a voxcall extension's operation (tasks, privacy numbers) named in its catalogue:
// the application API answers the entry's `code` and `http`, the management API its `vx` code
// with `reason` = the name. One class, so each catalogue only declares its entries.

export interface RefusalEntry {
  /** resultcode of the application API. */
  readonly code: string;
  readonly http: number;
  /** The management API's error code. */
  readonly vx: string;
  readonly desc: string;
}

export class CodedRefusal<N extends string = string, E extends RefusalEntry = RefusalEntry> extends Error {
  constructor(
    readonly refusal: N,
    readonly entry: E,
    message: string,
  ) {
    super(message);
  }
}
