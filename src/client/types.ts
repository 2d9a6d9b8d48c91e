// Request and response bodies of the call APIs, field for field from the reference (tables 4-3,
// 4-4, 4-8, 4-9, 5-4, 5-5, 5-6, 6-3, 6-4). Flags the reference types as String(enum) stay the
// strings 'true' / 'false'. statusUrl and feeUrl go on the wire Base64-encoded: build them with
// encodeUrlParam().

export type BoolString = 'true' | 'false';

/** POST /rest/httpsessions/click2Call/v2.0 (table 4-3). */
export interface Click2CallBody {
  displayNbr: string;
  callerNbr: string;
  displayCalleeNbr: string;
  calleeNbr: string;
  /** Minutes, 0-1440; 0 = no limit. */
  maxDuration?: number;
  lastMinVoice?: string;
  lastMinToUE?: 'toa' | 'tob' | 'both';
  playPreVoice?: BoolString;
  preVoice?: string;
  waitVoice?: string;
  calleeMedia?: 'all' | 'none' | 'fail';
  /** Base64 of the status push URL. */
  statusUrl?: string;
  /** Base64 of the CDR push URL. */
  feeUrl?: string;
  recordFlag?: BoolString;
  recordHintTone?: string;
  partyTypeRequiredInDisconnect?: BoolString;
  returnIdlePort?: BoolString;
  userData?: string;
}

/** POST /rest/httpsessions/callStop/v2.0 (table 4-8). */
export interface CallStopBody {
  sessionid: string;
  signal: 'call_stop';
}

/** One item of playInfoList (table 5-5): notifyVoice or templateId, one of the two. */
export interface PlayContentInfo {
  notifyVoice?: string;
  /** The spelling of the reference's examples. */
  templateId?: string;
  /** The spelling of table 5-5; voxcall accepts both, send one. */
  templatId?: string;
  templateParas?: string[];
  /** 0 = no digit collection, 1-32 = digits to collect. */
  collectInd?: number;
  replayAfterCollection?: BoolString;
  collectContentTriggerReplaying?: string;
  /** The spelling of table 5-5; voxcall accepts both, send one. */
  collectContentTriggerReplacing?: string;
}

/** POST /rest/httpsessions/callnotify/v2.0 (table 5-4). */
export interface CallNotifyBody {
  displayNbr: string;
  calleeNbr: string;
  /** 1 to 5 items. */
  playInfoList: PlayContentInfo[];
  statusUrl?: string;
  feeUrl?: string;
  returnIdlePort?: BoolString;
  userData?: string;
}

/** POST /rest/httpsessions/callVerify/v1.0 (table 6-3). */
export interface CallVerifyBody {
  displayNbr: string;
  calleeNbr: string;
  /** 2 = Chinese. */
  languageType: number;
  preTone: string;
  /** 2-8 digits. */
  verifyCode: string;
  /** Table 6-3 prints this field as `postOne`; clients and voxcall use `postTone`. */
  postTone?: string;
  /** 0-9 plays, 0 = loop; default 3. */
  times?: number;
  statusUrl?: string;
  feeUrl?: string;
  returnIdlePort?: BoolString;
  userData?: string;
}

/** Body of every answer (tables 4-4, 4-9, 5-6, 6-4); sessionId and idlePort on call requests. */
export interface ResultBody {
  resultcode: string;
  resultdesc: string;
  sessionId?: string;
  idlePort?: number;
}

export interface ApiResponse<B = ResultBody> {
  status: number;
  body: B;
}

/** The recording download answer (tables 4-28, 4-29): 301 with Location, or an error body. */
export interface RecordingUrlResponse {
  status: number;
  location: string | undefined;
  body: Partial<ResultBody> | undefined;
}
