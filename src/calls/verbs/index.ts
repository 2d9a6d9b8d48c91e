// The verbs services and dialogue flows are built from (docs/calls.md, "Verbs").

export { answer } from './answer.js';
export { bridge, type BridgeOptions, type BridgeResult } from './bridge.js';
export { dial, RINGBACK, type DialMusic, type DialOptions, type DialResult } from './dial.js';
export { gather, type GatherResult } from './gather.js';
export { hangup } from './hangup.js';
export { play, type Played, type PlayResult } from './play.js';
export { record, type RecordResult, type RecordSpec } from './record.js';
export type { CallEnded, OpFailed } from './results.js';
export { VerbRuntime, type LegState, type Next, type TimeLimit } from './runtime.js';
export { say } from './say.js';
