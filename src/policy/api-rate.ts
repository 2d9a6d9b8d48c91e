// API rate limits (1010009 per app, 1010010 for the whole platform), for every authenticated
// request of the Huawei API, before its body is read. Counted in memory per node
// (memory-counters.ts says why); a refused request counts nothing.

import type { App } from '../domain/app.js';
import type { Clock } from '../lib/clock.js';
import type { PolicyRepo } from '../store/types.js';
import { PLATFORM_SCOPE } from '../domain/policy.js';
import type { PolicyBook } from './book.js';
import { refuse, type Refusal } from './refusal.js';
import { takeFor } from './windows.js';

export interface ApiRateDeps {
  book: PolicyBook;
  repo: Pick<PolicyRepo, 'take'>;
  clock: Clock;
}

/** The refusal of a request over a rate limit, or undefined once the request is counted. */
export async function checkApiRate(app: App, deps: ApiRateDeps): Promise<Refusal | undefined> {
  const now = deps.clock.now();
  const own = deps.book.effective(app.appKey).apiRate;
  const platform = deps.book.settingsOf(PLATFORM_SCOPE).apiRate;
  const takes = [];
  if (own) takes.push(takeFor('api', app.appKey, own, now));
  if (platform) takes.push(takeFor('apiPlatform', '', platform, now));
  if (takes.length === 0) return undefined;
  const refused = await deps.repo.take(takes);
  if (refused === undefined) return undefined;
  if (own && refused === 0) return refuse('apiLimitReached', `at most ${own.max} requests per ${own.windowS} s for this app`);
  return refuse('flowControlPlatform', `at most ${platform!.max} requests per ${platform!.windowS} s on the platform`);
}
