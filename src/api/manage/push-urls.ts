// The push URLs a management body may carry (an app's statusUrl/feeUrl, a subscription's url and
// failoverUrl): each one given must be an http(s) URL and, unless private targets are allowed,
// one whose host is public (target-guard.ts; it may resolve a name, hence async).

import { pushUrlProblem } from '../../push/delivery/target-guard.js';
import { manageError } from './errors.js';

export async function checkPushUrls(fields: Record<string, string | null | undefined>, allowPrivate: boolean): Promise<void> {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw manageError('invalid', `${field} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw manageError('invalid', `${field} must be an http or https URL`);
    const problem = await pushUrlProblem(field, value, allowPrivate);
    if (problem) throw manageError('invalid', problem);
  }
}
