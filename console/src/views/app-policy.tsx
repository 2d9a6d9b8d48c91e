// An app's number lists (caller blacklist, callee blacklist, callee whitelist: a page at a time,
// add, remove) and its limits (docs/policy.md): each setting the app's own or inherited from the
// platform (the effective value shown beside it), all changed in one PATCH, the API's message
// under the setting it names. Changes apply to the next call.

import { useState } from 'preact/hooks';
import { api, fieldAtPath, fieldOf, withQuery } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { usePoll } from '../poll';
import { ErrorNote, Field, Status, TableWrap } from '../ui/bits';
import { Pager, usePager } from '../ui/pager';

const LISTS = ['callerBlacklist', 'calleeBlacklist', 'calleeWhitelist'] as const;
const PAGE = 25;

/** The lists of an app, or the platform's (no appKey: /v1/lists, applying to every app). */
export function NumberLists({ appKey }: { appKey?: string }) {
  const { t, tv } = useI18n();
  const [list, setList] = useState<(typeof LISTS)[number]>('calleeBlacklist');
  const base = `${appKey === undefined ? '' : `/apps/${encodeURIComponent(appKey)}`}/lists/${list}`;
  const pager = usePager(base);
  const { data, error, reload, stale } = usePoll(
    () => api<{ entries: Array<{ number: string }>; nextAfter?: string }>('GET', withQuery(base, { limit: PAGE, after: pager.cursor })),
    null, `${base}|${pager.cursor ?? ''}`,
  );
  const [number, setNumber] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const add = async (e: Event) => {
    e.preventDefault();
    setFieldError(undefined);
    try {
      await api('PUT', `${base}/${encodeURIComponent(number.trim())}`);
      setNumber('');
      reload();
    } catch (err) {
      setFieldError((err as Error).message);
    }
  };
  const remove = async (n: string) => {
    setActionError(undefined);
    try {
      await api('DELETE', `${base}/${encodeURIComponent(n)}`);
      reload();
    } catch (err) {
      setActionError(err as Error);
    }
  };
  return (
    <article class="card">
      <h2>{t('policy.lists')}</h2>
      <div class="tabs" role="group" aria-label={t('policy.lists')}>
        {LISTS.map((l) => <button type="button" key={l} aria-pressed={l === list} class={l === list ? 'primary' : undefined} onClick={() => setList(l)}>{tv('list', l)}</button>)}
      </div>
      <ErrorNote error={error ?? actionError} />
      <form class="inline-form" onSubmit={(ev) => void add(ev)} noValidate>
        <Field label={t('policy.numberOn', { list: tv('list', list) })} name="list-number" error={fieldError}>
          <input id="list-number" type="text" placeholder="+8613900000001" value={number} onInput={(ev) => setNumber(ev.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary">{t('policy.addNumber')}</button>
      </form>
      <TableWrap label={tv('list', list)} stale={stale}>
        <thead><tr><th scope="col">{t('filters.number')}</th><th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th></tr></thead>
        <tbody>
          {data && data.entries.length === 0 ? <tr><td colSpan={2} class="muted">{t('policy.emptyList')}</td></tr> : null}
          {data?.entries.map((e) => (
            <tr key={e.number} data-testid="list-entry">
              <td class="nums">{e.number}</td>
              <td><button type="button" onClick={() => void remove(e.number)} aria-label={`${t('app.remove')} ${e.number}`}>{t('app.remove')}</button></td>
            </tr>
          ))}
        </tbody>
      </TableWrap>
      {data ? <Pager page={pager.page} hasNext={data.nextAfter !== undefined} onNext={() => data.nextAfter && pager.next(data.nextAfter)} onPrev={pager.prev} /> : null}
    </article>
  );
}

interface Limit { max: number; windowS: number }
interface Settings {
  spCalls?: Limit; appCalls?: Limit; displayNumberCalls?: Limit; callerFrequency?: Limit; calleeFrequency?: Limit; serviceNumberFrequency?: Limit; apiRate?: Limit;
  quietHours?: { start: string; end: string }; internationalCallin?: boolean; internationalCallout?: boolean; whitelistMode?: boolean;
}
const LIMITS = ['spCalls', 'appCalls', 'displayNumberCalls', 'callerFrequency', 'calleeFrequency', 'serviceNumberFrequency', 'apiRate'] as const;
const SWITCHES = ['internationalCallin', 'internationalCallout', 'whitelistMode'] as const;
type Form = Record<string, string>;

/** A number when the text is one, else the text, for the API to refuse in its own words. */
const numberOr = (s: string): number | string => (/^-?\d+$/.test(s.trim()) ? Number(s) : s.trim());

function formOf(s: Settings): Form {
  const f: Form = { qStart: s.quietHours?.start ?? '', qEnd: s.quietHours?.end ?? '' };
  for (const l of LIMITS) {
    f[`${l}.max`] = s[l] ? String(s[l].max) : '';
    f[`${l}.windowS`] = s[l] ? String(s[l].windowS) : '';
  }
  for (const w of SWITCHES) f[w] = s[w] === undefined ? '' : String(s[w]);
  return f;
}

/** The PATCH: every setting, each empty one null (inherit the platform's, or no limit). */
function patchOf(f: Form): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const l of LIMITS) {
    const max = f[`${l}.max`]!.trim();
    const windowS = f[`${l}.windowS`]!.trim();
    out[l] = max === '' && windowS === '' ? null : { max: numberOr(max), windowS: numberOr(windowS) };
  }
  out.quietHours = f.qStart!.trim() === '' && f.qEnd!.trim() === '' ? null : { start: f.qStart!.trim(), end: f.qEnd!.trim() };
  for (const w of SWITCHES) out[w] = f[w] === '' ? null : f[w] === 'true';
  return out;
}

/** The limits of an app (with the effective values beside), or the platform's (no appKey: /v1/limits). */
export function Limits({ appKey }: { appKey?: string }) {
  const { t } = useI18n();
  const base = `${appKey === undefined ? '' : `/apps/${encodeURIComponent(appKey)}`}/limits`;
  const { data, error, reload } = usePoll(() => api<{ settings: Settings; effective?: Settings }>('GET', base), null, `lim|${appKey ?? ''}`);
  return (
    <article class="card wide">
      <h2>{t('policy.limits')}</h2>
      <p class="muted small">{t(appKey === undefined ? 'platform.limitsIntro' : 'policy.limitsIntro')}</p>
      <ErrorNote error={error} />
      {data ? <LimitsForm key={base} base={base} settings={data.settings} effective={data.effective} onSaved={reload} /> : null}
    </article>
  );
}

function LimitsForm({ base, settings, effective, onSaved }: { base: string; settings: Settings; effective: Settings | undefined; onSaved: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState<Form>(() => formOf(settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<Error | undefined>();
  const [saved, setSaved] = useState(false);
  const set = (k: string, v: string) => setF({ ...f, [k]: v });
  const save = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setOther(undefined);
    setSaved(false);
    try {
      await api('PATCH', base, patchOf(f));
      setSaved(true);
      onSaved();
    } catch (err) {
      const msg = (err as Error).message;
      // "quietHours.end must match …" goes under the end; "quietHours: …" (both) under the start.
      const field = fieldAtPath(msg, { 'quietHours.end': 'quietEnd' }) ?? fieldOf(msg, [...LIMITS, ...SWITCHES, 'quietHours']);
      if (field) setErrors({ [field]: msg });
      else setOther(err as Error);
    }
  };
  const inherited = (v: Limit | undefined) => (v ? t('policy.limitValue', { max: v.max, s: v.windowS }) : t('policy.noLimit'));
  return (
    <form onSubmit={(e) => void save(e)} noValidate data-testid="limits-form">
      <TableWrap label={t('policy.limits')}>
        <thead><tr><th scope="col">{t('policy.setting')}</th><th scope="col">{t('policy.max')}</th><th scope="col">{t('policy.windowS')}</th>{effective ? <th scope="col">{t('policy.effective')}</th> : null}</tr></thead>
        <tbody>
          {LIMITS.map((l) => (
            <tr key={l} class={errors[l] ? 'invalid-row' : undefined}>
              <th scope="row">{t(`limit.${l}` as MessageKey)}<small class="block muted mono">{l}</small>
                {errors[l] ? <small class="field-error block" id={`lim-${l}-error`} role="alert">{errors[l]}</small> : null}</th>
              <td><input type="text" inputMode="numeric" class="narrow" aria-label={`${t(`limit.${l}` as MessageKey)}: ${t('policy.max')}`} value={f[`${l}.max`]} onInput={(e) => set(`${l}.max`, e.currentTarget.value)} /></td>
              <td><input type="text" inputMode="numeric" class="narrow" aria-label={`${t(`limit.${l}` as MessageKey)}: ${t('policy.windowS')}`} value={f[`${l}.windowS`]} onInput={(e) => set(`${l}.windowS`, e.currentTarget.value)} /></td>
              {effective ? <td class="small">{inherited(effective[l])}</td> : null}
            </tr>
          ))}
        </tbody>
      </TableWrap>
      <div class="inline-form">
        <Field label={t('policy.quietStart')} name="lim-quietHours" error={errors.quietHours} hint={t(effective ? 'policy.quietHint' : 'platform.quietHint')}>
          <input id="lim-quietHours" type="text" placeholder="22:00" value={f.qStart} onInput={(e) => set('qStart', e.currentTarget.value)} />
        </Field>
        <Field label={t('policy.quietEnd')} name="lim-quietEnd" error={errors.quietEnd}>
          <input id="lim-quietEnd" type="text" placeholder="08:00" value={f.qEnd} onInput={(e) => set('qEnd', e.currentTarget.value)} />
        </Field>
        {SWITCHES.map((w) => (
          <Field key={w} label={t(`limit.${w}` as MessageKey)} name={`lim-${w}`} error={errors[w]}
            hint={effective ? t('policy.effectiveIs', { v: (w === 'whitelistMode' ? effective[w] === true : effective[w] !== false) ? t('policy.on') : t('policy.off') }) : undefined}>
            <select id={`lim-${w}`} value={f[w]} onChange={(e) => set(w, e.currentTarget.value)}>
              <option value="">{t(effective ? 'policy.inherit' : 'platform.default')}</option>
              <option value="true">{t('policy.on')}</option>
              <option value="false">{t('policy.off')}</option>
            </select>
          </Field>
        ))}
      </div>
      <ErrorNote error={other} />
      <Status text={saved ? t('subs.saved') : undefined} />
      <button type="submit" class="primary">{t('policy.save')}</button>
    </form>
  );
}
