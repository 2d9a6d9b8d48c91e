// A filter form whose values live in the view's hash query (so a filtered list can be bookmarked):
// Apply writes them there; the list reads them back. The API's message about a field shows under it.
// The form stays mounted while the query changes (its values follow the query), so Apply leaves
// focus where it was; a field the API then refuses takes focus.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { href, navigate } from '../router';
import { isoToLocal, localToIso } from './format';

export interface FilterSpec {
  name: string;
  label: string;
  kind: 'text' | 'select' | 'time';
  options?: Array<[string, string]>;
  placeholder?: string;
}

export function FilterForm(props: {
  area: string[];
  specs: FilterSpec[];
  query: URLSearchParams;
  errors: Record<string, string | undefined>;
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  const initial = () => Object.fromEntries(props.specs.map((s) => [s.name, s.kind === 'time' ? isoToLocal(props.query.get(s.name)) : props.query.get(s.name) ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const set = (name: string, v: string) => setValues((old) => ({ ...old, [name]: v }));
  const queryKey = props.query.toString();
  // Back, forward or a link changed the query: the fields show it.
  useEffect(() => setValues(initial()), [queryKey]);
  const form = useRef<HTMLFormElement>(null);
  // After an Apply, the first field the API refuses takes focus (once: a poll's same refusal does not).
  const applied = useRef(false);
  const refused = props.specs.find((s) => props.errors[s.name])?.name;
  const focusRefused = () => {
    if (refused) form.current?.querySelector<HTMLElement>(`#f-${refused}`)?.focus();
  };
  const errorKey = JSON.stringify(props.errors);
  useEffect(() => {
    if (!applied.current || !refused) return;
    applied.current = false;
    focusRefused();
  }, [errorKey]);
  const apply = (e: Event) => {
    e.preventDefault();
    const q: Record<string, string | undefined> = {};
    for (const s of props.specs) {
      const v = values[s.name]?.trim();
      q[s.name] = s.kind === 'time' ? localToIso(v ?? '') : v || undefined;
    }
    const to = href(props.area, q);
    // The same query again changes nothing: its refusal stands, so its field takes focus now.
    if (to === location.hash) focusRefused();
    else applied.current = true;
    navigate(to);
  };
  const clear = () => {
    setValues(Object.fromEntries(props.specs.map((s) => [s.name, ''])));
    navigate(href(props.area));
  };
  return (
    <form class="filters" ref={form} onSubmit={apply} aria-label={t('filters.label')}>
      {props.specs.map((s) => {
        const err = props.errors[s.name];
        const common = {
          id: `f-${s.name}`, name: s.name, value: values[s.name] ?? '',
          'aria-invalid': err ? ('true' as const) : undefined, 'aria-describedby': err ? `f-${s.name}-error` : undefined,
        };
        return (
          <div class={`field${err ? ' invalid' : ''}`} key={s.name}>
            <label for={`f-${s.name}`}>{s.label}</label>
            {s.kind === 'select'
              ? <select {...common} onChange={(e) => set(s.name, e.currentTarget.value)}>
                  <option value="">{t('filters.any')}</option>
                  {s.options?.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
                </select>
              : s.kind === 'time'
                ? <input {...common} type="datetime-local" onInput={(e) => set(s.name, e.currentTarget.value)} />
                : <input {...common} type="text" placeholder={s.placeholder} onInput={(e) => set(s.name, e.currentTarget.value)} />}
            {err ? <small class="field-error" id={`f-${s.name}-error`} role="alert">{err}</small> : null}
          </div>
        );
      })}
      <div class="filter-actions">
        <button type="submit" class="primary">{t('filters.apply')}</button>
        <button type="button" onClick={clear}>{t('filters.clear')}</button>
        {props.children}
      </div>
    </form>
  );
}

/** The error of a list load split into the field it names (shown there) or the form as a whole. */
export function splitError(error: Error | undefined, fields: readonly string[], fieldOf: (m: string, f: readonly string[]) => string | undefined) {
  if (!error) return { byField: {}, general: undefined };
  const f = fieldOf(error.message, fields);
  return f ? { byField: { [f]: error.message }, general: undefined } : { byField: {}, general: error };
}
