// A push subscription: one more place an app's call events and records go, in a format of its
// choice, beside the request's statusUrl/feeUrl (which stay Huawei-format).

import type { CallEventType } from './call.js';

/** What a subscription receives. */
export type SubscriptionReceives = 'status' | 'records' | 'both';

export interface Subscription {
  id: string;
  appKey: string;
  url: string;
  /** A push format name: huawei, vsp, ucloud, robot, voxcall (task events only). */
  format: string;
  receives: SubscriptionReceives;
  /** Status events to push; absent = every event the format pushes. */
  events?: CallEventType[];
  /** Overrides the format's retry delays (ms) for both kinds of push. */
  retrySchedule?: number[];
  /** Overrides the format's per-attempt timeout (ms). */
  timeoutMs?: number;
  /**
   * Signs vsp/ucloud/robot pushes with Standard Webhooks headers (`whsec_<base64>`). Huawei-format
   * subscriptions always sign with the app's secret, as the reference does.
   */
  secret?: string;
  /** Tried at once when an attempt at `url` fails, before the next scheduled retry. */
  failoverUrl?: string;
  /** false = paused: nothing new is pushed to it (pushes already queued still go). */
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export const wantsStatus = (s: Subscription, type: CallEventType): boolean =>
  s.enabled && s.receives !== 'records' && (s.events === undefined || s.events.includes(type));

export const wantsRecords = (s: Subscription): boolean => s.enabled && s.receives !== 'status';

/** A subscription of a format that pushes task events (voxcall) gets them as status pushes; `events` names call events only. */
export const wantsTaskStatus = (s: Subscription): boolean => s.enabled && s.receives !== 'records';
