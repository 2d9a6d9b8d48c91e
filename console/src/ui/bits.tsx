// Small pieces every view uses: a time with its ISO instant on hover, an error note, a state badge,
// a labelled form field with the API's message under it, a table that scrolls on a narrow screen.

import { cloneElement, isValidElement, type ComponentChildren, type VNode } from 'preact';
import { ApiError, NETWORK } from '../api';
import { useI18n } from '../i18n';
import { time } from './format';

export function Time({ iso, date = true }: { iso: string | undefined; date?: boolean }) {
  const { lang } = useI18n();
  return iso ? <time dateTime={iso} title={iso}>{time(iso, lang, date)}</time> : <span>—</span>;
}

export function ErrorNote({ error }: { error: Error | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  return <p class="error" role="alert">{error instanceof ApiError && error.code === NETWORK ? t('error.network') : error.message}</p>;
}

export function Badge({ value, kind }: { value: string; kind?: string }) {
  return <span class={`badge badge-${kind ?? value}`}>{value}</span>;
}

/**
 * A labelled control with its hint or the API's message under it. The control (the single child,
 * whose id is `name`) is given aria-invalid and aria-describedby here, so every form ties its
 * message to its field without each view repeating it.
 */
export function Field(props: { label: string; name: string; error?: string | undefined; hint?: string | undefined; children: ComponentChildren }) {
  const errId = `${props.name}-error`;
  const hintId = `${props.name}-hint`;
  const describedBy = props.error ? errId : props.hint ? hintId : undefined;
  const child = props.children;
  const control = isValidElement(child)
    ? cloneElement(child as VNode<Record<string, unknown>>, { 'aria-invalid': props.error ? 'true' : undefined, 'aria-describedby': describedBy })
    : child;
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={props.name}>{props.label}</label>
      {control}
      {props.hint && !props.error ? <small class="hint" id={hintId}>{props.hint}</small> : null}
      {props.error ? <small class="field-error" id={errId} role="alert">{props.error}</small> : null}
    </div>
  );
}

/**
 * A polite live region that stays mounted (empty and invisible until it has something to say): a
 * screen reader announces a change of its text, not a region inserted together with its text.
 */
export function Status({ text, class: cls = 'note', testId }: { text: string | undefined; class?: string; testId?: string }) {
  return <p class={text ? cls : 'sr-only'} role="status" data-testid={testId}>{text ?? ''}</p>;
}

/**
 * `fixed`: columns sized by the table's colgroup, not by their content, so a live row whose values
 * change (an outcome, a talk time) never moves the columns. `stale`: the rows are the previous
 * filter's or page's, shown dimmed while the new ones load.
 */
export function TableWrap({ label, children, fixed, stale }: { label: string; children: ComponentChildren; fixed?: boolean; stale?: boolean }) {
  return (
    <div class={`table-wrap${stale ? ' stale' : ''}`} role="region" aria-label={label} aria-busy={stale ? 'true' : undefined} tabIndex={0}>
      <table class={fixed ? 'fixed' : undefined}>{children}</table>
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <p class="muted">{t('common.loading')}</p>;
}
