// Dialogue flows (the "robot" of outbound call tasks): a small JSON graph of nodes that a call
// walks. This file is the public shape (docs/flows.md tables every field) and its limits; the
// checks are in src/flows/. A flow is stored per app, in immutable numbered versions.

/** Every node type; one verb each (src/calls/verbs/), except `set`, which only changes the walk's state. */
export const NODE_TYPES = ['play', 'say', 'gather', 'set', 'transfer', 'hangup'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** What every node has. A node without `next` (where it takes one) ends the call after it. */
interface NodeBase {
  /** Unique in the flow: a letter, then letters, digits, "_" or "-" (at most 64). */
  id: string;
  /** How many times one call may enter this node (1 to MAX_VISITS; default DEFAULT_MAX_VISITS). */
  maxVisits?: number;
  /** Where a call goes instead of entering this node once more; absent (or exhausted too): it hangs up. */
  onMaxVisits?: string;
}

export interface PlayNode extends NodeBase {
  type: 'play';
  /** An approved voice file of the app (or the platform), e.g. "welcome.wav". */
  file: string;
  next?: string;
}

/** Exactly one of `text` and `template`. */
export interface SayNode extends NodeBase {
  type: 'say';
  /** TTS text; `${name}` is the task row's value of column `name`. */
  text?: string;
  /** An approved TTS template id of the app; its variables are filled in order by `params`. */
  template?: string;
  /** One per template variable: a literal value or exactly one `${name}`. */
  params?: string[];
  next?: string;
}

/** A prompt played while digits are collected: a digit cuts it short. */
export type PromptItem = { play: string } | { say: string } | { template: string; params?: string[] };

export interface GatherNode extends NodeBase {
  type: 'gather';
  prompt?: PromptItem[];
  /** Digits collected at most (1 to 32, default 1): reaching it ends the collection. */
  maxDigits?: number;
  /** Seconds to wait for the first digit once the prompt has played (1 to 60, default 5). */
  timeout?: number;
  /** Seconds allowed between two digits (1 to 30, default 3). */
  interDigitTimeout?: number;
  /** The key that ends the collection, not itself collected: "#" (default), "*" or "" (none). */
  terminator?: '#' | '*' | '';
  /** The digits collected (without the terminator) → the node to go to. */
  branches?: Record<string, string>;
  /** No digit at all. Absent: `default`. */
  noInput?: string;
  /** Digits no branch names (and no input when `noInput` is absent). Absent: the call hangs up. */
  default?: string;
}

/** At least one of `tag` and `variables`. */
export interface SetNode extends NodeBase {
  type: 'set';
  /** The call's tag from now on (the last one set is the tag the call reached). */
  tag?: string;
  /** Values kept with the call's walk (outputs; they never feed `${...}`, which reads the row). */
  variables?: Record<string, string>;
  next?: string;
}

export interface TransferNode extends NodeBase {
  type: 'transfer';
  /** The number to bridge to: +{country code}{number}, or exactly one `${name}`. */
  to: string;
  /** The number shown to the transferee: one of the app's display numbers; default the call's own. */
  callerId?: string;
  /** Seconds the transferee may ring (5 to 120, default 45). */
  timeout?: number;
  /** Record the bridged conversation (the app must have recording enabled). Default false. */
  record?: boolean;
  /** Longest bridged conversation in seconds (1 to 86,400); absent: no limit of the flow. */
  maxDuration?: number;
  /** The transferee did not answer (busy, no answer, failed). Absent: the call hangs up. After an answered bridge the call ends. */
  onFailure?: string;
}

export interface HangupNode extends NodeBase {
  type: 'hangup';
}

export type FlowNode = PlayNode | SayNode | GatherNode | SetNode | TransferNode | HangupNode;

/** A flow's definition: what a version stores, and what the API takes. */
export interface FlowDefinition {
  /** The id of the node a call starts at. */
  start: string;
  nodes: FlowNode[];
  /** Free text for people (at most 500 characters). */
  description?: string;
}

/** A stored flow: the latest version's definition and its metadata. */
export interface Flow {
  /** Unique in its app; the robot record's robot_id. */
  id: string;
  appKey: string;
  name: string;
  /** 1 for the first; each new version adds one. */
  version: number;
  definition: FlowDefinition;
  /** Why this version was made (free text, optional). */
  note?: string;
  /** When the flow (version 1) was created. */
  createdAt: number;
  /** When this version was stored. */
  versionCreatedAt: number;
}

/** What holds a flow: a task now, maybe an inbound route later. A flow held by anything cannot be deleted. */
export interface FlowUse {
  kind: string;
  id: string;
  /** The version it runs. */
  version: number;
  since: number;
}

/** What an absent optional field means (docs/flows.md); the interpreter applies them. */
export const FLOW_DEFAULTS = {
  maxVisits: 3,
  gather: { maxDigits: 1, timeout: 5, interDigitTimeout: 3, terminator: '#' },
  transfer: { timeout: 45, record: false },
} as const;

/** The limits of docs/flows.md ("Limits"). */
export const FLOW_LIMITS = {
  nodes: 200,
  /** Of the definition written as compact JSON (UTF-8). */
  jsonBytes: 64 * 1024,
  /** Distinct `${variables}` one flow reads. */
  variables: 50,
  idChars: 64,
  textChars: 500,
  descriptionChars: 500,
  /** Template params: the templateParas of a template hold at most 10 values. */
  params: 10,
  paramChars: 32,
  promptItems: 10,
  branches: 20,
  tagChars: 64,
  setVariables: 20,
  setValueChars: 256,
  variableNameChars: 64,
} as const;

/** A row value spoken inside a say `text` (or a prompt's) is at most this many characters. */
export const MAX_TEXT_VALUE_CHARS = 64;

export const DEFAULT_MAX_VISITS = FLOW_DEFAULTS.maxVisits;
export const MAX_VISITS = 10;

/** Every error code of validation; docs/flows.md tables them (a test compares the two). */
export const FLOW_ERROR_CODES = {
  bad_shape: 'the flow, a node or a field is not of the JSON type its place takes (an object, an array, a string...)',
  missing_field: 'a required field is absent',
  unknown_field: 'a field this node type does not take',
  bad_value: 'a field is out of its range or not one of its values',
  too_long: 'a text is longer than its limit',
  too_large: 'more nodes, JSON bytes, variables, branches or items than the limits allow',
  bad_id: 'a node id that is not a letter followed by letters, digits, "_" or "-"',
  duplicate_id: 'two nodes with the same id',
  unknown_type: 'a node type that is not play, say, gather, set, transfer or hangup',
  missing_start: '`start` is absent or names no node',
  missing_node: 'a `next`, branch or other exit names no node',
  unreachable: 'no path from `start` reaches the node',
  bad_variable: 'a `${...}` that is not `${name}`, or a `$`, `{` or `}` outside one',
  unknown_voice_file: 'a voice file the app (and the platform) does not have',
  voice_file_not_approved: 'a voice file not approved (pending review or rejected)',
  unknown_template: 'a TTS template the app (and the platform) does not have',
  template_not_approved: 'a TTS template not approved (pending review or rejected)',
  template_params: 'params that do not fit the template: their count, or a literal value its variable refuses',
  unknown_number: 'a transfer `callerId` that is not a display number of the app',
  recording_disabled: 'a transfer with `record: true` in an app whose recording is off',
} as const;

export type FlowErrorCode = keyof typeof FLOW_ERROR_CODES;

export interface FlowError {
  code: FlowErrorCode;
  /** The node's id, when the error is in one (absent for `start`, `description`, the whole flow). */
  node?: string;
  /** JSON Pointer (RFC 6901) into the definition, e.g. "/nodes/2/branches/1". */
  path: string;
  message: string;
}
