import type { ServiceKind } from './call.js';

export type AppStatus = 'active' | 'suspended';

/** An application (SP app) that calls the API with its app key and secret. */
export interface App {
  appKey: string;
  /** The secret signs both directions: requests to voxcall and pushes from it. Never logged. */
  appSecret: string;
  spId: string;
  name: string;
  status: AppStatus;
  capabilities: ServiceKind[];
  recordingEnabled: boolean;
  /** Default push targets, used when a request carries none. */
  statusUrl?: string;
  feeUrl?: string;
  /** Concurrent calls the app may have in progress (call ports). */
  portQuota: number;
  /** Client IPs or CIDR blocks the app's API requests may come from (1020166); absent or empty: any. */
  allowedClientIps?: string[];
  createdAt: number;
  /**
   * The secret before the last rotation: it still authenticates requests until previousSecretUntil
   * (ms since the epoch), so clients can switch without downtime. Pushes are signed with appSecret only.
   */
  previousSecret?: string;
  previousSecretUntil?: number;
}

export type NumberStatus = 'active' | 'suspended';

export interface DisplayNumber {
  number: string;
  appKey: string;
  status: NumberStatus;
}

/** Uploaded media waits for an operator's review; only approved files and templates are used by calls. */
export type ReviewState = 'pending' | 'approved' | 'rejected';

/** A voice file the platform can play. appKey undefined = platform-wide (system prompts). */
export interface VoiceFile {
  name: string;
  appKey?: string;
  durationMs: number;
  path: string;
  review: ReviewState;
  /** Why it was rejected (or any remark of the reviewer). */
  reviewNote?: string;
  /** The audio format as checked on upload, e.g. "PCM 16-bit 8000 Hz mono". */
  format?: string;
  sizeBytes?: number;
  createdAt?: number;
}

/** A TTS template; content holds typed variables like ${NUM_2} or ${TXT_32} (see template.ts). */
export interface TtsTemplate {
  id: string;
  appKey?: string;
  content: string;
  review: ReviewState;
  reviewNote?: string;
  createdAt?: number;
}
