export { createCallEngine } from './engine.js';
export { recoverInterrupted } from './recover.js';
export { recordingObjectName } from './callback.js';
export { DEFAULT_TIMINGS, type CallEngineOptions, type CallTimings } from './options.js';
export { SYSTEM_PROMPTS, type SystemPrompt } from './prompts.js';
export { STATE_DESCRIPTIONS, stateDesc } from './state-codes.js';
export type { CallEngine, CallSink, StopResult } from './types.js';
