// What the management API (/v1) is given, from the stages the composition root built: the store,
// the clocks, this node's dispatcher and push agent, the call path and the recording links.

import type { Agent } from 'undici';
import type { ManageDeps } from '../api/manage/index.js';
import type { PlaceCallDeps } from '../api/place-call.js';
import type { CallEngine } from '../calls/types.js';
import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { PolicyBook } from '../policy/book.js';
import { dialects } from '../push/dialects/index.js';
import type { Dispatcher } from '../push/delivery/dispatcher.js';
import { createTestPusher } from '../push/delivery/test-push.js';
import type { Store } from '../store/types.js';
import type { RecordingLinkBase } from './link-base.js';
import { SimulatedNetwork } from '../network/simulated/index.js';

export interface ManageParts {
  config: Config;
  store: Store;
  media: ManageDeps['media'];
  policy: PolicyBook;
  /** The simulated world's clock: push times (replays, export marks). */
  clock: Clock;
  /** The wall clock: creation times, grace periods, the test push's Created. */
  wall: Clock;
  mediaDir: string;
  adminToken: string;
  dispatcher: Dispatcher;
  pushAgent: Agent;
  lockouts: NonNullable<ManageDeps['lockouts']>;
  place: PlaceCallDeps;
  engine: CallEngine;
  recordingLinks: RecordingLinkBase;
  tasks?: ManageDeps['tasks'];
  network: import('../network/types.js').Network;
}

export function manageDeps(p: ManageParts): ManageDeps {
  return {
    store: p.store,
    media: p.media,
    clock: p.wall,
    pushClock: p.clock,
    mediaDir: p.mediaDir,
    adminToken: p.adminToken,
    policy: p.policy,
    onEndpointResumed: () => p.dispatcher.wake(),
    onPushesReplayed: () => p.dispatcher.wake(),
    dispatcher: p.dispatcher,
    sendTestPush: createTestPusher(p.pushAgent, dialects, p.wall),
    allowPrivatePushUrls: p.config.push.allowPrivateTargets,
    lockouts: p.lockouts,
    tasks: p.tasks,
    ...(p.network instanceof SimulatedNetwork ? { simulator: p.network } : {}),
    calling: { place: p.place, engine: p.engine, recordingLink: (appKey, objectName) => p.recordingLinks.link(appKey, objectName) },
  };
}
