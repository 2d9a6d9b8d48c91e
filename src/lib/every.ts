// A periodic task on the injected clock: runs `task` every `everyMs` until stopped, the next round
// scheduled only once the previous one settled (so slow rounds never overlap). A failed round is
// reported and the schedule goes on.

import type { Clock, Timer } from './clock.js';

export function every(clock: Clock, everyMs: number, task: () => Promise<unknown>, onError?: (err: unknown) => void): { stop(): void } {
  let timer: Timer | undefined;
  let stopped = false;
  const schedule = (): void => {
    if (stopped) return;
    timer = clock.setTimer(everyMs, () => {
      task()
        .catch((err: unknown) => onError?.(err))
        .finally(schedule);
    });
  };
  schedule();
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
