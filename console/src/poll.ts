// Live data by polling: the loader runs now, then every `everyMs` after its previous answer (never
// two at once). The last good data stays on screen while the next is loaded, so nothing jumps.

import { useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Loads again now (after an action changed what is shown). */
  reload: () => void;
}

export function usePoll<T>(load: () => Promise<T>, everyMs: number | null, key: string): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
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
          setData(d);
          setError(undefined);
        }
      } catch (e) {
        if (!stopped) setError(e as Error);
      } finally {
        running = false;
        if (!stopped && again) void run();
        else if (!stopped && every.current !== null) timer = setTimeout(() => void run(), every.current);
      }
    };
    kick.current = () => void run();
    setData(undefined);
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key]);
  return { data, error, reload: () => kick.current() };
}
