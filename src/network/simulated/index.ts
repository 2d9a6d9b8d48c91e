export { SimulatedNetwork, DEFAULT_RING_TIMEOUT_MS, type SimulatedNetworkOptions, type TraceEntry } from './network.js';
export { type InboundPlaced, type SimulatedCaller } from './inbound.js';
export { DEFAULT_RULES, TEST_PREFIX, loadRules, parseRules, ruleFor, type Rule, type RuleOutcome } from './rules.js';
export { writeToneWav, wavDurationMs, WAV_SAMPLE_RATE, type ToneOptions } from './wav.js';
