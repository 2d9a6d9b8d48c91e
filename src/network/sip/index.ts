// The SIP network and what config needs from it.
export { SipNetwork, type SipNetworkOptions, type SipNetworkStats } from './network.js';
export { parseSipUri, formatUri, type SipUri } from './uri.js';
export { SipParseError } from './errors.js';
export type { NumberFormat } from './numbers.js';
export { DEFAULT_TIMERS, type SipTimers } from './transaction.js';
export type { AudioSource } from './context.js';
