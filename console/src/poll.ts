// Live data by polling: the loader runs now, then every `everyMs` after its previous answer (never
// two at once). The last good data stays on screen while the next is loaded, so nothing jumps:
// also when the key changes (a filter applied, a page turned), where `stale` says the data shown is
// the previous key's until the new answer (the view dims it and marks it busy). The first load
// holds the page's gate (ui/page-gate.tsx).

import { useEffect, useRef, useState } from 'preact/hooks';
import { useGateHold } from './ui/page-gate';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** The data shown was loaded for the previous key; the current key's answer is on its way. */
  stale: boolean;
  /** Loads again now (after an action changed what is shown). */
  reload: () => void;
}

export function usePoll<T>(load: () => Promise<T>, everyMs: number | null, key: string): Polled<T> {
  const [shown, setShown] = useState<{ key: string; data: T } | undefined>(undefined);
  const [error, setError] = useState<{ key: string; error: Error } | undefined>(undefined);
  useGateHold(shown !== undefined || error !== undefined);
  const kick = useRef<() => void>(() => undefined);
  // Read at each reschedule, so a view can stop polling (a call that ended) without a new key.
  const every = useRef(everyMs);
  every.current = everyMs;
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    // A reload asked while a load runs loads again right after it: that load may predate the action.
    let again = false;
    const run = async () => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
      clearTimeout(timer);
      try {
        const d = await loader.current();
        if (!stopped) {
          setShown({ key, data: d });
          setError(undefined);
        }
      } catch (e) {
        if (!stopped) setError({ key, error: e as Error });
      } finally {
        running = false;
        if (!stopped && again) void run();
        else if (!stopped && every.current !== null) timer = setTimeout(() => void run(), every.current);
      }
    };
    kick.current = () => void run();
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key]);
  // A refusal of the new key (a filter the API refused) shows no rows of the old one under it.
  const refused = error !== undefined && error.key === key && shown?.key !== key;
  return {
    data: refused ? undefined : shown?.data,
    // The previous key's refusal is not this one's: it goes while the new key loads.
    error: error?.key === key ? error.error : undefined,
    stale: shown !== undefined && shown.key !== key && !refused,
    reload: () => kick.current(),
  };
}
