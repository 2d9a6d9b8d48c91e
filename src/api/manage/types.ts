// What the management routes are given. Each area file takes the whole of it and uses its part.

import type { Clock } from '../../lib/clock.js';
import type { App } from '../../domain/app.js';
import type { PushKind } from '../../domain/push.js';
import type { Subscription } from '../../domain/subscription.js';
import type { ReceiverBreaker } from '../../push/delivery/dispatcher.js';
import type { TestPushResult } from '../../push/delivery/test-push.js';
import type { Store } from '../../store/types.js';

/** What the management API reads from (and asks of) this node's dispatcher. */
export interface DispatcherView {
  /** Whether an attempt of the push is running on this node. */
  isInFlight(pushId: string): boolean;
  /** Runs fn between two of the dispatcher's ticks (never between a claim and its launch). */
  between<T>(fn: () => Promise<T>): Promise<T>;
  /** The breakers of receivers (one app's pushes to one origin) not plainly closed and idle. */
  breakers(): ReceiverBreaker[];
}

export interface ManageDeps {
  store: Store;
  /** The in-memory media catalog the call path reads; refreshed after every voice-file or template change. */
  media: { refresh(): Promise<void> };
  /** Wall clock: creation times, secret grace periods (compared with what auth sees). */
  clock: Clock;
  /** Where uploaded voice files are kept (under <mediaDir>/apps/<appKey>/). */
  mediaDir: string;
  adminToken: string;
  /** Lists and limit settings the call path reads (src/policy/book.ts); policy routes change them through it. */
  policy: import('../../policy/book.js').PolicyBook;
  /** Called after an endpoint was resumed (wired to Dispatcher.wake), so its waiting pushes go at once. */
  onEndpointResumed?: () => void;
  /** Called after pushes were replayed (wired to Dispatcher.wake). */
  onPushesReplayed?: () => void;
  /** The clock push times are written on (the dispatcher's, maybe simulated); default `clock`. Replays and export marks use it. */
  pushClock?: Clock;
  /** The call path, for the calls API: test calls go through `place` (admission and all), stops through `engine`. */
  calling: {
    place: import('../place-call.js').PlaceCallDeps;
    engine: Pick<import('../../calls/types.js').CallEngine, 'stop'>;
    /** A recording's signed, absolute link (src/platform/link-base.ts). */
    recordingLink: (appKey: string, objectName: string) => string | undefined;
  };
  /** Sends one sample push to a subscription through the push agent (push/delivery/test-push.ts). */
  sendTestPush?: (sub: Subscription, app: App, kind?: PushKind) => Promise<TestPushResult>;
  /** This node's dispatcher: deliver-now and the breaker state of `endpoints show`. */
  dispatcher?: DispatcherView;
  /** config.push.allowPrivateTargets: whether app and subscription push URLs may be loopback, private, ...; absent = allowed. */
  allowPrivatePushUrls?: boolean;
  /** The authenticator's IP guard (1020176 blocks): listed and cleared under /v1/lockouts. */
  lockouts?: import('./lockouts.js').LockoutRouteDeps['lockouts'];
  /** The simulated network's callers (simulator.ts); absent on the SIP network. */
  simulator?: import('./simulator.js').SimulatorDeps['simulator'];
  /** Outbound call tasks (src/tasks/service.ts); absent: no task routes. */
  tasks?: import('../../tasks/service.js').TaskService;
}
