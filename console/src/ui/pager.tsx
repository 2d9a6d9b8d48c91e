// Keyset paging as the API gives it: a page, and nextCursor after a full one. The cursors of the
// pages before are kept here so Previous goes back; nothing is loaded beyond the page shown.

import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';

export function usePager(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: string[] }>({ key: resetKey, stack: [] });
  const stack = state.key === resetKey ? state.stack : [];
  return {
    cursor: stack.at(-1),
    page: stack.length + 1,
    next: (c: string) => setState({ key: resetKey, stack: [...stack, c] }),
    prev: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
  };
}

export function Pager({ page, hasNext, onNext, onPrev }: { page: number; hasNext: boolean; onNext: () => void; onPrev: () => void }) {
  const { t } = useI18n();
  return (
    <nav class="pager" aria-label={t('pager.label')}>
      <button type="button" onClick={onPrev} disabled={page === 1}>{t('pager.prev')}</button>
      <span>{t('pager.page', { n: page })}</span>
      <button type="button" onClick={onNext} disabled={!hasNext}>{t('pager.next')}</button>
    </nav>
  );
}
