// The unified call model. Every stage of the pipeline speaks these types; the push dialects
// translate them into each platform's format. Times are milliseconds since the Unix epoch (UTC).

import type { FlowDefinition, NodeType } from './flow.js';

export type ServiceKind = 'callback' | 'notify' | 'verify';

/** A is the first leg the platform dials (the caller of a callback, the callee of a notification). */
export type LegName = 'A' | 'B';

export type CallEventType = 'callout' | 'alerting' | 'answer' | 'collectInfo' | 'disconnect';

/** Who released the call first (reference 4.4, partyType). */
export type PartyType = 'caller' | 'callee' | 'platform';

/**
 * How a call ended, format-neutral. The Huawei dialect uses the numeric codes carried next to it
 * (stateCode, ulFailReason, Q.850, SIP); the other dialects map this value to their own tables.
 */
export type CallOutcome =
  | 'answered' // the service ran: the callee (both legs for a callback) answered
  | 'busy'
  | 'no_answer'
  | 'powered_off'
  | 'vacant'
  | 'rejected'
  | 'unreachable'
  | 'cancelled' // stopped by the SP (callStop) before the call was answered
  | 'failed'; // platform failure (internal error, lost on a crash, media failure)

export interface PlayItem {
  notifyVoice?: string;
  templateId?: string;
  templateParas?: string[];
  /** 0: no digit collection; 1..32: collect up to that many digits after the item played. */
  collectInd: number;
  replayAfterCollection: boolean;
  collectContentTriggerReplaying?: string;
}

export interface CallbackPlan {
  kind: 'callback';
  displayNbr: string;
  callerNbr: string;
  displayCalleeNbr: string;
  calleeNbr: string;
  /** Minutes, 0 = no limit. */
  maxDuration: number;
  lastMinVoice?: string;
  lastMinToUE: 'toa' | 'tob' | 'both';
  playPreVoice: boolean;
  preVoice?: string;
  waitVoice?: string;
  calleeMedia: 'all' | 'none' | 'fail';
  recordFlag: boolean;
  recordHintTone?: string;
  partyTypeRequiredInDisconnect: boolean;
}

export interface NotifyPlan {
  kind: 'notify';
  displayNbr: string;
  calleeNbr: string;
  playInfoList: PlayItem[];
}

export interface VerifyPlan {
  kind: 'verify';
  displayNbr: string;
  calleeNbr: string;
  languageType: number;
  preTone: string;
  verifyCode: string;
  postTone?: string;
  /** 0 = repeat until the callee hangs up (bounded by the platform's safety cap). */
  times: number;
}

/**
 * A dialogue flow call (docs/flows.md, "Running a flow"): dial the callee, then walk the flow's
 * nodes. The definition travels with the plan (stored with the call), so the call runs the version
 * it was placed with, and a restart or another node needs nothing but the call row to end it.
 */
export interface FlowPlan {
  kind: 'flow';
  displayNbr: string;
  calleeNbr: string;
  flowId: string;
  flowVersion: number;
  definition: FlowDefinition;
  /** The task row's values by column name: what `${name}` reads. */
  variables: Record<string, string>;
  /** The task row and try the call dials (src/tasks/dial/): what its end is recorded against. Absent on a test call. */
  task?: FlowPlanTask;
}

export interface FlowPlanTask {
  taskId: string;
  rowIndex: number;
  /** The try number (1 = the first). */
  try: number;
}

/** How an inbound call was routed (docs/inbound.md). */
/** `privacy`: a call to an X of a privacy-number pool, routed by its binding (docs/privacy-numbers.md). */
export type InboundRouteKind = 'flow' | 'forward' | 'url' | 'privacy';

/** Why an inbound call was refused (docs/inbound.md, "Refusals"). */
export type InboundRefusalReason =
  | 'unknown_number' | 'no_route' | 'number_suspended' | 'app_suspended' | 'caller_blacklisted'
  | 'app_rejected' | 'route_unusable' | 'ports' | 'unavailable'
  /** Privacy numbers (docs/privacy-numbers.md, "Calls"): X has no active binding; the caller is no party of X's bindings; no callee for an AX call from A. */
  | 'privacy_no_binding' | 'privacy_third_party' | 'privacy_no_callee'
  /** The call policy refused a number it would dial out to, or the time (docs/policy.md, "Inbound calls"). */
  | 'policy';

export interface InboundRefusal {
  /** The Q.850 cause the network refused the call with. */
  q850: number;
  reason: InboundRefusalReason;
  /** The app's reason (a reject), or what made the route unusable. */
  detail?: string;
}

/** The flow an accepted inbound call runs (a forward is a flow of one transfer node). */
export interface InboundFlow {
  flowId: string;
  flowVersion: number;
  definition: FlowDefinition;
  variables: Record<string, string>;
}

/**
 * A call that came in to one of the platform's numbers (docs/inbound.md): answered and run as a
 * flow, or refused (then it never runs: its record is stored at once). Leg A is the caller.
 */
export interface InboundPlan {
  kind: 'inbound';
  /** The caller's number (what leg A's events show as caller). */
  displayNbr: string;
  /** The platform's number called. */
  calleeNbr: string;
  route?: InboundRouteKind;
  /** The route took the app's fallback (its URL failed, timed out, or answered nonsense): why. */
  fallbackReason?: string;
  flow?: InboundFlow;
  refusal?: InboundRefusal;
}

export type CallPlan = CallbackPlan | NotifyPlan | VerifyPlan | FlowPlan | InboundPlan;

/**
 * The service a plan is billed, admitted and pushed as: a flow call is a one-leg outbound call
 * that plays prompts and collects digits, a voice notification for the app's capability and the
 * push formats (its walk is in the record's `dialog`).
 */
export function serviceOf(plan: CallPlan): ServiceKind {
  return plan.kind === 'flow' || plan.kind === 'inbound' ? 'notify' : plan.kind;
}

/**
 * The outbound-task row a call was placed for (a later feature runs tasks; the robot push format
 * already reports them). Optional: calls placed through the API alone have none.
 */
export interface CallTask {
  taskId: string;
  /** The task's data (row) id. */
  dataId: string;
  /** Retries made for this row before this call (0 on the first try). */
  tries: number;
  rowIndex: number;
  rowHead: string[];
  rowValue: string[];
}

/** A call as accepted by the API: everything the engine needs to run it and the pushes need to describe it. */
export interface Call {
  sessionId: string;
  icid: string;
  appKey: string;
  spId: string;
  plan: CallPlan;
  userData?: string;
  /** Decoded push targets: the request's, else the app's defaults; absent = no push of that kind. */
  statusUrl?: string;
  feeUrl?: string;
  createdAt: number;
  task?: CallTask;
  /** A call through a privacy number (docs/privacy-numbers.md): its binding's facts, which the vsp pushes report (serviceType 200). */
  privacy?: import('./privacy.js').PrivacyFacts;
  /** An inbound call's business id, set by the app's URL: echoed in every push of the call. */
  callRelationId?: string;
}

export interface CallEvent {
  sessionId: string;
  /** 1-based, per call, in the order the events happened. */
  seq: number;
  type: CallEventType;
  leg: LegName;
  at: number;
  /** The number shown to the leg (displayNbr for A, displayCalleeNbr for B). */
  caller: string;
  /** The leg's own number. */
  called: string;
  digitInfo?: string;
  /** disconnect only: hangup reason, reference 7.1. */
  stateCode?: number;
  stateDesc?: string;
  /** disconnect only. Always filled; the Huawei dialect shows it only when the request asked for it. */
  partyType?: PartyType;
}

export interface LegTimes {
  startAt: number;
  alertingAt?: number;
  answerAt?: number;
  endAt?: number;
  /** Q.850 cause when the leg failed (reference 7.2), 0 otherwise. */
  q850: number;
  /** SIP final status when the leg failed, 0 otherwise. */
  sipStatus: number;
}

export interface RecordingInfo {
  objectName: string;
  bucketName: string;
  domain: string;
  startAt: number;
  endAt: number;
  /** Where the WAV lives on this node's disk (never pushed). */
  path: string;
}

/** One node a flow call ran (docs/flows.md, "Running a flow"). */
export interface DialogStep {
  node: string;
  type: NodeType;
  /** When the call entered the node. */
  at: number;
  /** gather: the digits collected, without the terminator; '' when nothing was pressed. */
  digits?: string;
  /** Entered as the onMaxVisits of this node, which had used up its visits. */
  redirectedFrom?: string;
  /** transfer: 'answered' (bridged), or how the transferee's leg failed. */
  transfer?: CallOutcome;
}

/**
 * How a flow's walk ended: a hangup node, a node without an exit to take, visits used up, a
 * transfer's talk over, the call ending under a node (hangup, callStop, network), a media or network
 * failure, or the callee never answered.
 */
export type DialogEnd = 'hangup' | 'end' | 'maxVisits' | 'noInput' | 'transfer' | 'callEnded' | 'failed' | 'unanswered';

/** A flow call's walk: the record's `dialog` (voxcall's own data; no push dialect shows it). */
export interface CallDialog {
  flowId: string;
  flowVersion: number;
  steps: DialogStep[];
  /** The last tag a set node gave the call. */
  tag?: string;
  /** What set nodes set, the last value of each name. */
  variables: Record<string, string>;
  end: DialogEnd;
}

/** The call detail record: everything known about the call once it ended. */
export interface CallRecord {
  sessionId: string;
  icid: string;
  appKey: string;
  spId: string;
  kind: ServiceKind;
  /** 0: outbound (placed by the platform), 1: inbound (came in to one of its numbers). */
  direction: 0 | 1;
  /** The display number that placed the first leg (after a suspended one was replaced). */
  bindNum: string;
  callerNum: string;
  calleeNum: string;
  fwdDisplayNum?: string;
  fwdDstNum?: string;
  legA: LegTimes;
  legB?: LegTimes;
  callEndAt: number;
  /** Set when the call failed before the service ran (a leg did not answer, or media failed). */
  failAt?: number;
  outcome: CallOutcome;
  /** Hangup reason of reference 7.1, as in the disconnect event. */
  stateCode: number;
  /** Disconnection point of reference 7.3. */
  ulFailReason: number;
  sipStatusCode: number;
  partyType: PartyType;
  recording?: RecordingInfo;
  /** Digits collected, in order (notification). */
  digits: string[];
  ttsPlayTimes: number;
  ttsTransDuration: number;
  hostName: string;
  userData?: string;
  /** The call's outbound task, when it has one (see Call.task). */
  task?: CallTask;
  /** A flow call's walk (absent for the other services, and for a flow call a restart ended). */
  dialog?: CallDialog;
  /** An inbound call's business id (Call.callRelationId). */
  callRelationId?: string;
  /** An inbound call the platform refused: the cause and why (docs/inbound.md). */
  refusal?: InboundRefusal;
  /**
   * An inbound call forwarded to B (a forward route, a URL's forward, a privacy call: isForwardPlan):
   * once B was dialled, B's leg is what the call's outcome, times and records report
   * (docs/push-formats.md, "Which leg a record describes").
   */
  forward?: true;
}

/**
 * An inbound call that only forwards the caller to B: its flow is one transfer node with nowhere
 * to go if B does not answer. The caller's leg is answered by the platform at once, so the call's
 * news is B's leg, as for a callback.
 */
export function isForwardPlan(plan: CallPlan): boolean {
  if (plan.kind !== 'inbound' || !plan.flow) return false;
  const nodes = plan.flow.definition.nodes;
  const only = nodes[0];
  return nodes.length === 1 && only !== undefined && only.type === 'transfer' && only.onFailure === undefined;
}

/** The record reports leg B: a callback's, or a forward's, once B was dialled. */
export function reportsLegB(r: CallRecord): boolean {
  return r.legB !== undefined && (r.kind === 'callback' || r.forward === true);
}

/**
 * How long the service ran: from the answer that started it (a callback's or a forward's B leg,
 * leg A otherwise) to the end of the call, in ms; 0 when it never started.
 */
export function talkMs(r: CallRecord): number {
  const answerAt = reportsLegB(r) ? r.legB?.answerAt : r.legA.answerAt;
  if (r.outcome !== 'answered' || answerAt === undefined) return 0;
  return Math.max(0, r.callEndAt - answerAt);
}
