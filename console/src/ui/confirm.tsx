// A modal confirmation (the native <dialog>: focus moves into it and Escape cancels). Its title's id
// is unique (useId): a page with several (one per pool) names each dialog after its own title.

import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';

export function Confirm(props: { open: boolean; title: string; children: ComponentChildren; confirmLabel: string; onConfirm: () => void; onCancel: () => void; busy?: boolean; canConfirm?: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} onCancel={(e) => { e.preventDefault(); props.onCancel(); }} aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      <div>{props.children}</div>
      <div class="dialog-actions">
        <button type="button" onClick={props.onCancel}>{t('common.cancel')}</button>
        {props.canConfirm === false ? null : <button type="button" class="primary" onClick={props.onConfirm} disabled={props.busy}>{props.confirmLabel}</button>}
      </div>
    </dialog>
  );
}
