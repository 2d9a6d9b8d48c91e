// A view's first paint waits for all its first loads. Each card of a page loads on its own (an
// app's settings, numbers, files, subscriptions...); shown as each answered, the ones above would
// grow and push the rest down while the user reads. The gate keeps the view hidden (laid out, not
// painted: nothing hidden counts as moving) until every load started before it opened has
// answered, then shows it whole. A load that starts after it opened (a card that appears later)
// does not close it again: that card shows its own "Loading…" in place. Coming from another view,
// focus goes to the view's h1 once it is shown (a hidden heading cannot take focus).

import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

interface Gate {
  /** Registers a first load; the function returned says it answered (idempotent). */
  hold(): () => void;
}

const GateContext = createContext<Gate | null>(null);

export function PageGate({ children, focusHeading }: { children: ComponentChildren; focusHeading: boolean }) {
  const { t } = useI18n();
  const [pending, setPending] = useState(0);
  // Set after the first commit, when every child's first load has registered (layout effects of
  // children run before this effect of the parent).
  const [armed, setArmed] = useState(false);
  const open = useRef(false);
  const gate = useMemo<Gate>(() => ({
    hold() {
      if (open.current) return () => undefined;
      setPending((n) => n + 1);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        setPending((n) => n - 1);
      };
    },
  }), []);
  useEffect(() => setArmed(true), []);
  const hidden = !armed || pending > 0;
  if (!hidden) open.current = true;
  // Read once: this gate's page was reached from another view or not.
  const [focusOnOpen] = useState(focusHeading);
  const focused = useRef(false);
  // Before the first paint of the shown page: after it, a user (or a test) may already be typing
  // in a field, and moving focus then would swallow the keystrokes.
  useLayoutEffect(() => {
    if (hidden || !focusOnOpen || focused.current) return;
    focused.current = true;
    const h1 = document.querySelector<HTMLElement>('#main h1');
    if (!h1) return;
    h1.tabIndex = -1;
    h1.focus();
  }, [hidden]);
  return (
    <GateContext.Provider value={gate}>
      {hidden ? <p class="muted gate-loading">{t('common.loading')}</p> : null}
      <div class={hidden ? 'gate gate-hidden' : 'gate'} aria-busy={hidden ? 'true' : undefined}>{children}</div>
    </GateContext.Provider>
  );
}

/** Holds the page's gate until `loaded` turns true (for the first load of a mounted component). */
export function useGateHold(loaded: boolean): void {
  const gate = useContext(GateContext);
  const release = useRef<(() => void) | null>(null);
  useLayoutEffect(() => {
    if (!gate || loaded) return undefined;
    release.current = gate.hold();
    return () => release.current?.();
  }, []);
  if (loaded) release.current?.();
}
