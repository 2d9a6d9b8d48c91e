// Inbound routes (docs/inbound.md): what a call to one of an app's numbers does. A route runs a
// flow, forwards to a number, or asks the app's URL, which answers one of the same actions (or a
// reject) and falls back to the route's own when it cannot be asked.

/** Run one of the app's dialogue flows on the caller (version: the newest when absent). */
export interface FlowAction {
  type: 'flow';
  flowId: string;
  flowVersion?: number;
}

/** Who the forwarded party sees: the caller's number, or the app's number that was called. */
export type ForwardDisplay = 'caller' | 'number';

/** Forward the call to a number: dial it, bridge the caller to it, record the talk when asked. */
export interface ForwardAction {
  type: 'forward';
  to: string;
  record?: boolean;
  /** Default 'caller'. */
  display?: ForwardDisplay;
  /** Seconds the forwarded party may ring (default 30). */
  ringTimeoutS?: number;
  /** Seconds of talk before the platform ends the call (absent: no limit). */
  maxDurationS?: number;
}

/** Refuse the call (Q.850 21, call rejected); the reason is kept on the call's record. */
export interface RejectAction {
  type: 'reject';
  reason?: string;
}

/** What a call can be given: by a route directly, or by the app's URL. */
export type CallAction = FlowAction | ForwardAction;

/** The action used when the app's URL fails, times out or answers nonsense. */
export type FallbackAction = CallAction | RejectAction;

/** Ask the app's URL (POST, JSON) what to do; `fallback` when it cannot tell. */
export interface UrlAction {
  type: 'url';
  url: string;
  /** Default 3000. */
  timeoutMs: number;
  fallback: FallbackAction;
}

export type RouteAction = CallAction | UrlAction;

export interface InboundRoute {
  /** The app's number the route serves (one route per number). */
  number: string;
  appKey: string;
  action: RouteAction;
  createdAt: number;
  updatedAt: number;
}

export const INBOUND_DEFAULTS = { urlTimeoutMs: 3000, forwardRingTimeoutS: 30 } as const;
