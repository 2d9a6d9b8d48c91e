// Which policy refusals of a task row are "not now" rather than "never" (docs/tasks.md, "Refusals
// that pass"). Ports all in use, quiet hours, a period's call limit, an API rate, a suspended app
// or number: the condition lifts with time, and the row is not at fault. Such a refusal spends no
// try: the claim is undone (releaseClaim) and the row is due again after a hold, and the task holds
// too: the dialler stops claiming for that long instead of claiming and refusing every row at
// its calls-per-second rate (each of these is the app's, a display number's or the platform's).
// A refusal that a row's own number causes (blacklists, whitelist, international, a per-callee
// frequency limit that may last a day) stays result 27.

import type { RefusalName } from '../../policy/refusal.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** How long the task waits after each refusal that passes; a refusal not listed ends the try with result 27. */
export const REFUSAL_HOLDS: Partial<Record<RefusalName, number>> = {
  // A call's end frees a port, and wakes the task before the hold ends.
  portLimit: 5 * SECOND,
  apiLimitReached: SECOND,
  flowControlPlatform: SECOND,
  callTimeForbidden: MINUTE,
  spCallLimit: MINUTE,
  appCallLimit: MINUTE,
  displayNumberCallLimit: MINUTE,
  serviceNumberFrequencyLimit: MINUTE,
  callerFrequencyLimit: MINUTE,
  appKeySuspended: MINUTE,
  serviceNumberSuspended: MINUTE,
};

export const holdOf = (name: RefusalName): number | undefined => REFUSAL_HOLDS[name];
