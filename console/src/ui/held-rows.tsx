// A live first page that never moves what the user is reading. Rows already shown are updated in
// place (a call that ended shows its outcome); rows that arrived since are counted in the live
// line above the table and inserted only when the user asks. Inserting them as they came would
// push every row down under the pointer, every 2 s while traffic runs. A shown row that new ones
// pushed off the live page and that can still change (a call in progress, a queued push) is asked
// for by itself: the view's loader reads them with readBehind() and passes them back as `extra`.

import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useI18n, type MessageKey } from '../i18n';

/** The shown rows off the live page that may still change (written by useHeldRows), and those gone. */
export interface Behind {
  current: string[];
  /** Rows the API no longer has (404, retention): not asked for again. */
  gone: Set<string>;
}

export function useBehind(): Behind {
  return useRef<Behind>({ current: [], gone: new Set() }).current;
}

/** Reads each row in `behind`, one request each; a 404 marks it gone, any other failure skips it this time. */
export async function readBehind<R>(behind: Behind, read: (id: string) => Promise<R>): Promise<R[]> {
  const got = await Promise.all(behind.current.filter((id) => !behind.gone.has(id)).map((id) => read(id).catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) behind.gone.add(id);
    return undefined;
  })));
  return got.filter((r): r is Awaited<R> => r !== undefined);
}

export interface Held<R> {
  rows: R[] | undefined;
  /** Rows on the live page not shown yet. */
  fresh: number;
  show: () => void;
}

/**
 * `key` names what the rows are (the filter and the page): rows of a new key are shown as they come.
 * `stale` rows (the previous key's, shown while the new ones load) are shown as they are.
 */
export function useHeldRows<R>(rows: R[] | undefined, idOf: (r: R) => string, key: string, opts: {
  live: boolean;
  stale: boolean;
  /** Shown rows loaded by themselves (off the live page). */
  extra?: R[] | undefined;
  /** A row that will not change any more. */
  settled: (r: R) => boolean;
  /** Written here: the ids of shown rows off the live page that may still change. */
  behind: Behind;
}): Held<R> {
  const [held, setHeld] = useState<{ key: string; ids: string[] } | undefined>(undefined);
  // The last version of each row seen, so a row that left the live page keeps its last state.
  const last = useRef(new Map<string, R>());
  const none = { rows, fresh: 0, show: () => undefined };
  opts.behind.current = [];
  // While the next page or filter loads, the rows on screen stay the ones held (the raw live page
  // would put the unshown new rows on top just then).
  if (rows && opts.stale && held) return { rows: held.ids.flatMap((id) => last.current.get(id) ?? []), fresh: 0, show: () => undefined };
  if (!rows || opts.stale) return none;
  if (!opts.live) {
    if (held) setHeld(undefined);
    return none;
  }
  if (held?.key !== key) {
    last.current = new Map(rows.map((r) => [idOf(r), r]));
    setHeld({ key, ids: rows.map(idOf) });
    return none;
  }
  const latest = new Map([...opts.extra ?? [], ...rows].map((r) => [idOf(r), r]));
  // Only the rows shown are kept: a page left open for hours of traffic keeps 25, not every row seen.
  last.current = new Map(held.ids.flatMap((id) => {
    const r = latest.get(id) ?? last.current.get(id);
    return r === undefined ? [] : [[id, r] as const];
  }));
  const onPage = new Set(rows.map(idOf));
  opts.behind.current = held.ids.filter((id) => {
    const r = last.current.get(id);
    return !onPage.has(id) && r !== undefined && !opts.settled(r);
  });
  const shown = new Set(held.ids);
  return {
    rows: held.ids.flatMap((id) => last.current.get(id) ?? []),
    fresh: rows.filter((r) => !shown.has(idOf(r))).length,
    show: () => setHeld({ key, ids: rows.map(idOf) }),
  };
}

/** The line above a live list: live or not, and the rows waiting with a button that shows them. */
export function LiveLine({ page, fresh, newKey, pageSize, onShow }: { page: number; fresh: number; newKey: MessageKey; pageSize: number; onShow: () => void }) {
  const { t } = useI18n();
  return (
    <div class="live-line" aria-live="polite">
      {page > 1 ? <span class="muted">{t('live.notLive', { n: page })}</span> : <span class="muted">{t('live.list')}</span>}
      {fresh > 0 ? (
        <>
          <strong data-testid="fresh-rows">{t(newKey, { n: fresh >= pageSize ? `${pageSize}+` : fresh })}</strong>
          <button type="button" class="link-button" onClick={onShow}>{t('live.show')}</button>
        </>
      ) : null}
    </div>
  );
}
