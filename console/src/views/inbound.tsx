// Inbound routes (docs/inbound.md): on the app's page, each number with what its calls do; a
// number's page sets its route (a flow with an optional version, a forward, or the app's URL with
// its timeout and fallback) or removes it. The API's message goes under the field it names.

import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { ErrorNote, Field, Loading, Status, TableWrap } from '../ui/bits';
import { Confirm } from '../ui/confirm';

type Action = Record<string, unknown> & { type: string };
interface Route { number: string; action: Action; updatedAt: number }
type Form = Record<string, string>;
const FIELDS = ['type', 'flowId', 'flowVersion', 'to', 'record', 'display', 'ringTimeoutS', 'maxDurationS', 'url', 'timeoutMs', 'fallback'] as const;

/** A route in a few words: "flow parcel v2", "forward +86…", "URL https://…". */
export function RouteSummary({ action }: { action: Action | undefined }) {
  const { t } = useI18n();
  if (!action) return <span class="muted">{t('inbound.none')}</span>;
  const a = action as Record<string, string | number | boolean | undefined>;
  if (action.type === 'flow') return <span>{t('inbound.type.flow')} <span class="mono">{a.flowId}{a.flowVersion !== undefined ? ` v${a.flowVersion}` : ''}</span></span>;
  if (action.type === 'forward') return <span>{t('inbound.type.forward')} <span class="mono">{a.to}</span>{a.record ? ` (${t('inbound.recorded')})` : ''}</span>;
  return <span>{t('inbound.type.url')} <span class="mono url">{a.url}</span></span>;
}

/** The card on the app's page: every number of the app and its route. */
export function InboundRoutes({ appKey }: { appKey: string }) {
  const { t } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}`;
  const { data, error } = usePoll(async () => {
    const [nums, routes] = await Promise.all([
      api<{ numbers: Array<{ number: string }> }>('GET', `${base}/numbers`),
      api<{ routes: Route[] }>('GET', `${base}/inbound`),
    ]);
    return nums.numbers.map((n) => ({ number: n.number, action: routes.routes.find((r) => r.number === n.number)?.action }));
  }, null, `inb|${appKey}`);
  return (
    <article class="card wide">
      <h2>{t('inbound.title')}</h2>
      <p class="muted small">{t('inbound.intro')} <a href={href(['simulate'], { appKey })}>{t('nav.simulate')}</a></p>
      <ErrorNote error={error} />
      <TableWrap label={t('inbound.title')}>
        <thead><tr><th scope="col">{t('filters.number')}</th><th scope="col">{t('inbound.route')}</th><th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th></tr></thead>
        <tbody>{data?.map((r) => (
          <tr key={r.number} data-testid="inbound-row">
            <td class="nums">{r.number}</td>
            <td><RouteSummary action={r.action} /></td>
            <td><a href={href(['apps', appKey, 'inbound', r.number])} aria-label={`${t('inbound.edit')} ${r.number}`}>{t('inbound.edit')}</a></td>
          </tr>
        ))}</tbody>
      </TableWrap>
    </article>
  );
}

const num = (s: string | undefined): number | string | undefined => {
  const x = s?.trim();
  if (!x) return undefined;
  return /^-?\d+$/.test(x) ? Number(x) : x;
};

function formOf(a: Action | undefined): Form {
  const f: Form = { type: 'flow', display: 'caller', fbType: 'reject' };
  if (!a) return f;
  for (const [k, v] of Object.entries(a)) if (k !== 'fallback' && v !== undefined) f[k] = String(v);
  const fb = a.fallback as Record<string, unknown> | undefined;
  if (fb) {
    f.fbType = String(fb.type);
    f.fbFlowId = String(fb.flowId ?? '');
    f.fbTo = String(fb.to ?? '');
    f.fbReason = String(fb.reason ?? '');
  }
  return f;
}

/** The PUT body: only the fields of the type chosen, empty ones left out (the API's defaults). */
export function routeBody(f: Form): Record<string, unknown> {
  const b: Record<string, unknown> = { type: f.type };
  const put = (k: string, v: unknown) => { if (v !== undefined && v !== '') b[k] = v; };
  if (f.type === 'flow') { put('flowId', f.flowId?.trim()); put('flowVersion', num(f.flowVersion)); }
  if (f.type === 'forward') {
    put('to', f.to?.trim());
    if (f.record === 'true') b.record = true;
    put('display', f.display);
    put('ringTimeoutS', num(f.ringTimeoutS));
    put('maxDurationS', num(f.maxDurationS));
  }
  if (f.type === 'url') {
    put('url', f.url?.trim());
    put('timeoutMs', num(f.timeoutMs));
    const fb: Record<string, unknown> = { type: f.fbType };
    if (f.fbType === 'flow') fb.flowId = f.fbFlowId?.trim() ?? '';
    if (f.fbType === 'forward') fb.to = f.fbTo?.trim() ?? '';
    if (f.fbType === 'reject' && f.fbReason?.trim()) fb.reason = f.fbReason.trim();
    b.fallback = fb;
  }
  return b;
}

/**
 * The form field an API message is about: "body/to: …", "/fallback/to …", and the paths the API's
 * checks name: "route: flow x of app y does not exist", "route.fallback: flow x …", "route.record: …".
 */
export function routeFieldOf(message: string, type: string): string | undefined {
  const path = /^route((?:\.[A-Za-z]+)*): /.exec(message)?.[1];
  const s = path === undefined ? message : message.slice(`route${path}: `.length);
  const aFlow = /^(version \d+ of )?flow /.test(s);
  if (path === '.fallback') return aFlow ? 'fbFlowId' : 'fallback';
  if (path?.startsWith('.fallback.')) return 'fallback';
  if (path === '.record') return 'record';
  const fb = /^\/fallback\/([A-Za-z]+)/.exec(s)?.[1];
  if (fb) return ({ flowId: 'fbFlowId', to: 'fbTo', reason: 'fbReason' } as Record<string, string>)[fb] ?? 'fallback';
  const m = /^(?:body)?\/?([A-Za-z]+)/.exec(s);
  if (m && (FIELDS as readonly string[]).includes(m[1]!)) return m[1];
  if (aFlow) return 'flowId';
  if (/record/i.test(message) && type === 'forward') return 'record';
  if (type === 'url' && /url|address/i.test(message)) return 'url';
  return undefined;
}

export function InboundPage({ appKey, number }: { appKey: string; number: string }) {
  const { t } = useI18n();
  const path = `/apps/${encodeURIComponent(appKey)}/numbers/${encodeURIComponent(number)}/inbound`;
  const { data, error, reload } = usePoll(async () => {
    try {
      return { route: await api<Route>('GET', path) };
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && /inbound route/.test(e.message)) return { route: undefined };
      throw e;
    }
  }, null, path);
  return (
    <section>
      <p><a href={href(['apps', appKey])}>← {t('app.heading')} <span class="mono">{appKey}</span></a></p>
      <h1>{t('inbound.heading')} <span class="mono">{number}</span></h1>
      <ErrorNote error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? <RouteForm key={String(data.route?.updatedAt ?? 0)} path={path} route={data.route} appKey={appKey} number={number} onChange={reload} /> : null}
    </section>
  );
}

function RouteForm({ path, route, appKey, number, onChange }: { path: string; route: Route | undefined; appKey: string; number: string; onChange: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState<Form>(() => formOf(route?.action));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<Error | undefined>();
  const [saved, setSaved] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const set = (k: string, v: string) => setF({ ...f, [k]: v });
  const save = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setGeneral(undefined);
    setSaved(false);
    try {
      await api('PUT', path, routeBody(f));
      setSaved(true);
      onChange();
    } catch (err) {
      const field = routeFieldOf((err as Error).message, f.type!);
      if (field) setErrors({ [field]: (err as Error).message });
      else setGeneral(err as Error);
    }
  };
  const remove = async () => {
    setConfirm(false);
    setGeneral(undefined);
    try {
      await api('DELETE', path);
      onChange();
    } catch (err) {
      setGeneral(err as Error);
    }
  };
  const input = (name: string, label: MessageKey, hint?: MessageKey, placeholder?: string) => (
    <Field label={t(label)} name={`in-${name}`} error={errors[name]} hint={hint ? t(hint) : undefined}>
      <input id={`in-${name}`} type="text" placeholder={placeholder} value={f[name] ?? ''}
        onInput={(e) => set(name, e.currentTarget.value)} />
    </Field>
  );
  return (
    <>
      <p>{t('inbound.current')}: <strong data-testid="inbound-current"><RouteSummary action={route?.action} /></strong></p>
      <form class="form" onSubmit={(e) => void save(e)} noValidate data-testid="route-form">
        <fieldset class="kinds">
          <legend>{t('inbound.type')}</legend>
          {(['flow', 'forward', 'url'] as const).map((k) => (
            <label key={k}><input type="radio" name="route-type" value={k} checked={f.type === k} onChange={() => set('type', k)} /> {t(`inbound.type.${k}`)}</label>
          ))}
        </fieldset>
        {f.type === 'flow' ? <>
          {input('flowId', 'inbound.flowId', 'inbound.flowIdHint')}
          {input('flowVersion', 'inbound.flowVersion', 'inbound.flowVersionHint')}
        </> : null}
        {f.type === 'forward' ? <>
          {input('to', 'inbound.to', undefined, '+8613900000002')}
          <Field label={t('inbound.display')} name="in-display" error={errors.display}>
            <select id="in-display" value={f.display} onChange={(e) => set('display', e.currentTarget.value)}>
              <option value="caller">{t('inbound.display.caller')}</option>
              <option value="number">{t('inbound.display.number')}</option>
            </select>
          </Field>
          {input('ringTimeoutS', 'inbound.ringTimeoutS', 'inbound.ringTimeoutHint')}
          {input('maxDurationS', 'inbound.maxDurationS', 'inbound.maxDurationHint')}
          <label class="check"><input type="checkbox" checked={f.record === 'true'} onChange={(e) => set('record', String(e.currentTarget.checked))} /> {t('inbound.record')}</label>
          {errors.record ? <small class="field-error block" role="alert">{errors.record}</small> : null}
        </> : null}
        {f.type === 'url' ? <>
          {input('url', 'inbound.url', 'inbound.urlHint', 'https://example.com/inbound')}
          {input('timeoutMs', 'inbound.timeoutMs', 'inbound.timeoutHint')}
          <fieldset class="kinds">
            <legend>{t('inbound.fallback')}</legend>
            {(['reject', 'flow', 'forward'] as const).map((k) => (
              <label key={k}><input type="radio" name="fallback-type" value={k} checked={f.fbType === k} onChange={() => set('fbType', k)} /> {t(`inbound.fb.${k}`)}</label>
            ))}
          </fieldset>
          {f.fbType === 'flow' ? input('fbFlowId', 'inbound.flowId') : null}
          {f.fbType === 'forward' ? input('fbTo', 'inbound.to') : null}
          {f.fbType === 'reject' ? input('fbReason', 'inbound.reason') : null}
          {errors.fallback ? <small class="field-error block" role="alert">{errors.fallback}</small> : null}
        </> : null}
        {errors.type ? <small class="field-error block" role="alert">{errors.type}</small> : null}
        <ErrorNote error={general} />
        <Status text={saved ? t('subs.saved') : undefined} />
        <div class="summary">
          <button type="submit" class="primary">{t('inbound.save')}</button>
          {route ? <button type="button" onClick={() => setConfirm(true)}>{t('inbound.remove')}</button> : null}
          <a href={href(['simulate'], { appKey, to: number })}>{t('inbound.tryIt')}</a>
        </div>
      </form>
      <Confirm open={confirm} title={t('inbound.removeTitle', { number })} confirmLabel={t('inbound.remove')} onConfirm={() => void remove()} onCancel={() => setConfirm(false)}>
        <p>{t('inbound.removeBody')}</p>
      </Confirm>
    </>
  );
}
