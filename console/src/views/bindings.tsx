// An app's privacy-number bindings (docs/privacy-numbers.md): the active ones, paged on the server
// (`after`: the last subscriptionId of the page) and filtered by pool or party; a new AXB or AX
// binding; a binding's page with its parties, expiry, recording and display mode, changed in
// place (its X stays) or unbound after a confirmation.

import { useState } from 'preact/hooks';
import { api, fieldOf, withQuery } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href, navigate } from '../router';
import { Badge, ErrorNote, Field, Loading, TableWrap, Time } from '../ui/bits';
import { Confirm } from '../ui/confirm';
import { Pager, usePager } from '../ui/pager';
import { Pools } from './pools';

export interface Binding {
  subscriptionId: string; numberPoolNo: string; bindType: 'AXB' | 'AX'; phoneNoX: string; phoneNoA: string; phoneNoB?: string; state: string;
  expireAt?: string; recordFlag: boolean; maxDuration: number; callDisplayType: number; userData?: string; createdAt: string; updatedAt: string; endedAt?: string;
}
const PAGE = 25;
const FIELDS = ['numberPoolNo', 'bindType', 'phoneNoA', 'phoneNoB', 'phoneNoX', 'areaCode', 'expireAt', 'recordFlag', 'maxDuration', 'callDisplayType', 'userData'] as const;
type Form = Record<string, string>;

/** The field a privacy refusal names: "phoneNoA must …", "body/expireAt …"; else undefined. */
const fieldOfMessage = (msg: string) => fieldOf(msg.replace(/^body\/?/, ''), FIELDS);

const int = (s: string | undefined) => { const x = s?.trim(); return x ? (/^-?\d+$/.test(x) ? Number(x) : x) : undefined; };

/** A datetime-local value as an instant (the browser's zone); empty: none. */
const instant = (v: string | undefined) => (v ? new Date(v).toISOString() : undefined);

export function bindBody(f: Form): Record<string, unknown> {
  const b: Record<string, unknown> = { numberPoolNo: f.numberPoolNo?.trim() ?? '', bindType: f.bindType, phoneNoA: f.phoneNoA?.trim() ?? '' };
  const put = (k: string, v: unknown) => { if (v !== undefined && v !== '') b[k] = v; };
  if (f.bindType === 'AXB') put('phoneNoB', f.phoneNoB?.trim());
  put('phoneNoX', f.phoneNoX?.trim());
  put('areaCode', f.areaCode?.trim());
  put('expireAt', instant(f.expireAt));
  if (f.recordFlag === 'true') b.recordFlag = true;
  put('maxDuration', int(f.maxDuration));
  put('callDisplayType', int(f.callDisplayType));
  put('userData', f.userData);
  return b;
}

export function PrivacyView({ appKey }: { appKey: string }) {
  const { t } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/bindings`;
  const [filter, setFilter] = useState({ numberPoolNo: '', phoneNo: '' });
  const [applied, setApplied] = useState(filter);
  const pager = usePager(`${appKey}|${applied.numberPoolNo}|${applied.phoneNo}`);
  const { data, error, reload, stale } = usePoll(
    () => api<{ bindings: Binding[]; nextAfter?: string }>('GET', withQuery(base, { limit: PAGE, after: pager.cursor, numberPoolNo: applied.numberPoolNo.trim(), phoneNo: applied.phoneNo.trim() })),
    null, `${base}|${applied.numberPoolNo}|${applied.phoneNo}|${pager.cursor ?? ''}`,
  );
  return (
    <section>
      <p><a href={href(['apps', appKey])}>← {t('app.heading')} <span class="mono">{appKey}</span></a></p>
      <h1>{t('privacy.title')}</h1>
      <p class="muted">{t('privacy.intro')}</p>
      <div class="grid">
        <Pools appKey={appKey} onChange={reload} />
        <article class="card wide">
          <h2>{t('bindings.title')}</h2>
          <form class="inline-form" onSubmit={(e) => { e.preventDefault(); setApplied(filter); }} noValidate>
            <Field label={t('bindings.pool')} name="bf-pool">
              <input id="bf-pool" type="text" value={filter.numberPoolNo} onInput={(e) => setFilter({ ...filter, numberPoolNo: e.currentTarget.value })} />
            </Field>
            <Field label={t('bindings.party')} name="bf-party">
              <input id="bf-party" type="text" value={filter.phoneNo} onInput={(e) => setFilter({ ...filter, phoneNo: e.currentTarget.value })} />
            </Field>
            <button type="submit">{t('filters.apply')}</button>
          </form>
          <ErrorNote error={error} />
          {!data && !error ? <Loading /> : null}
          <TableWrap label={t('bindings.title')} stale={stale}>
            <thead><tr>
              <th scope="col">{t('bindings.id')}</th><th scope="col">{t('bindings.type')}</th><th scope="col">X</th><th scope="col">A</th><th scope="col">B</th>
              <th scope="col">{t('bindings.pool')}</th><th scope="col">{t('bindings.expireAt')}</th>
            </tr></thead>
            <tbody>
              {data && data.bindings.length === 0 ? <tr><td colSpan={7} class="muted">{t('bindings.none')}</td></tr> : null}
              {data?.bindings.map((b) => (
                <tr key={b.subscriptionId} data-testid="binding-row">
                  <td><a class="mono" href={href(['apps', appKey, 'bindings', b.subscriptionId])}>{b.subscriptionId}</a></td>
                  <td>{b.bindType}</td><td class="nums">{b.phoneNoX}</td><td class="nums">{b.phoneNoA}</td><td class="nums">{b.phoneNoB ?? '—'}</td>
                  <td class="mono">{b.numberPoolNo}</td><td>{b.expireAt ? <Time iso={b.expireAt} /> : t('bindings.never')}</td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
          {data ? <Pager page={pager.page} hasNext={data.nextAfter !== undefined} onNext={() => data.nextAfter && pager.next(data.nextAfter)} onPrev={pager.prev} /> : null}
        </article>
        <NewBinding appKey={appKey} />
      </div>
    </section>
  );
}

function NewBinding({ appKey }: { appKey: string }) {
  const { t } = useI18n();
  const [f, setF] = useState<Form>({ bindType: 'AXB', callDisplayType: '1', numberPoolNo: '', phoneNoA: '', phoneNoB: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setGeneral(undefined);
    try {
      const made = await api<{ subscriptionId: string }>('POST', `/apps/${encodeURIComponent(appKey)}/bindings`, bindBody(f));
      navigate(href(['apps', appKey, 'bindings', made.subscriptionId]));
    } catch (err) {
      const msg = (err as Error).message;
      const field = fieldOfMessage(msg);
      if (field) setErrors({ [field]: msg });
      else setGeneral(msg);
    }
  };
  // The cast: preact types an input's attributes by its type; both types here take the same ones.
  const input = (name: string, label: string, opts: { hint?: string; type?: 'text' | 'datetime-local'; placeholder?: string } = {}) => (
    <Field label={label} name={`nb-${name}`} error={errors[name]} hint={opts.hint}>
      <input id={`nb-${name}`} type={(opts.type ?? 'text') as 'text'} placeholder={opts.placeholder} value={f[name] ?? ''}
        onInput={(e) => setF({ ...f, [name]: e.currentTarget.value })} />
    </Field>
  );
  return (
    <article class="card wide">
      <h2>{t('bindings.new')}</h2>
      <form class="form" onSubmit={(e) => void submit(e)} noValidate data-testid="new-binding">
        {general ? <p class="error" role="alert">{general}</p> : null}
        <fieldset class="kinds">
          <legend>{t('bindings.type')}</legend>
          {(['AXB', 'AX'] as const).map((k) => (
            <label key={k}><input type="radio" name="bind-type" value={k} checked={f.bindType === k} onChange={() => setF({ ...f, bindType: k })} /> {t(`bindings.type.${k}`)}</label>
          ))}
        </fieldset>
        {input('numberPoolNo', t('bindings.pool'))}
        {input('phoneNoA', t('bindings.a'), { placeholder: '+8613900000001' })}
        {f.bindType === 'AXB' ? input('phoneNoB', t('bindings.b'), { placeholder: '+8613900000002' }) : null}
        {input('phoneNoX', t('bindings.x'), { hint: t('bindings.xHint') })}
        {input('areaCode', t('pools.areaCode'), { hint: t('bindings.areaHint') })}
        {input('expireAt', t('bindings.expireAt'), { type: 'datetime-local', hint: t('bindings.expireHint') })}
        {input('maxDuration', t('bindings.maxDuration'), { hint: t('bindings.maxDurationHint') })}
        <DisplaySelect value={f.callDisplayType!} error={errors.callDisplayType} onChange={(v) => setF({ ...f, callDisplayType: v })} id="nb-callDisplayType" />
        {input('userData', t('place.userData'))}
        <label class="check"><input type="checkbox" checked={f.recordFlag === 'true'} onChange={(e) => setF({ ...f, recordFlag: String(e.currentTarget.checked) })} /> {t('bindings.record')}</label>
        <button type="submit" class="primary">{t('bindings.create')}</button>
      </form>
    </article>
  );
}

function DisplaySelect({ value, error, onChange, id }: { value: string; error?: string | undefined; onChange: (v: string) => void; id: string }) {
  const { t } = useI18n();
  return (
    <Field label={t('bindings.display')} name={id} error={error}>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="1">{t('bindings.display.1')}</option>
        <option value="2">{t('bindings.display.2')}</option>
      </select>
    </Field>
  );
}

/** A UTC instant as the datetime-local value of the browser's zone. */
const localValue = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function BindingPage({ appKey, id }: { appKey: string; id: string }) {
  const { t, tv } = useI18n();
  const path = `/apps/${encodeURIComponent(appKey)}/bindings/${encodeURIComponent(id)}`;
  const { data, error, reload } = usePoll(() => api<{ binding: Binding }>('GET', path).then((a) => a.binding), null, path);
  const [asking, setAsking] = useState(false);
  const [actionError, setActionError] = useState<Error | undefined>();
  const back = <p><a href={href(['apps', appKey, 'privacy'])}>← {t('privacy.title')}</a></p>;
  if (!data) return <section>{back}<h1>{t('bindings.heading')}</h1><ErrorNote error={error} />{error ? null : <Loading />}</section>;
  const unbind = async () => {
    setAsking(false);
    setActionError(undefined);
    try {
      await api('DELETE', path);
      reload();
    } catch (err) {
      setActionError(err as Error);
    }
  };
  const active = data.state === 'active';
  return (
    <section>
      {back}
      <h1>{t('bindings.heading')} <span class="mono small">{data.subscriptionId}</span></h1>
      <div class="summary">
        <Badge value={tv('bindingState', data.state)} kind={active ? 'delivered' : 'paused'} />
        <span>{data.bindType}</span>
        {active ? <button type="button" onClick={() => setAsking(true)}>{t('bindings.unbind')}</button> : null}
      </div>
      <ErrorNote error={actionError} />
      <Confirm open={asking} title={t('bindings.unbindTitle', { x: data.phoneNoX })} confirmLabel={t('bindings.unbind')} onConfirm={() => void unbind()} onCancel={() => setAsking(false)}>
        <p>{t('bindings.unbindBody')}</p>
      </Confirm>
      <div class="grid">
        <article class="card">
          <h2>{t('bindings.parties')}</h2>
          <dl class="kv" data-testid="binding-facts">
            <dt>X</dt><dd class="nums">{data.phoneNoX}</dd>
            <dt>A</dt><dd class="nums">{data.phoneNoA}</dd>
            <dt>B</dt><dd class="nums">{data.phoneNoB ?? '—'}</dd>
            <dt>{t('bindings.pool')}</dt><dd class="mono">{data.numberPoolNo}</dd>
            <dt>{t('bindings.expireAt')}</dt><dd>{data.expireAt ? <Time iso={data.expireAt} /> : t('bindings.never')}</dd>
            <dt>{t('bindings.record')}</dt><dd>{data.recordFlag ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('bindings.display')}</dt><dd>{t(data.callDisplayType === 2 ? 'bindings.display.2' : 'bindings.display.1')}</dd>
            <dt>{t('bindings.maxDuration')}</dt><dd>{data.maxDuration || t('bindings.noLimit')}</dd>
            {data.userData ? <><dt>{t('place.userData')}</dt><dd class="mono">{data.userData}</dd></> : null}
            <dt>{t('pushes.created')}</dt><dd><Time iso={data.createdAt} /></dd>
            {data.endedAt ? <><dt>{t('bindings.ended')}</dt><dd><Time iso={data.endedAt} /></dd></> : null}
          </dl>
        </article>
        {active ? <ModifyBinding key={data.updatedAt} path={path} b={data} onSaved={reload} /> : null}
      </div>
    </section>
  );
}

function ModifyBinding({ path, b, onSaved }: { path: string; b: Binding; onSaved: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState<Form>({
    phoneNoA: b.phoneNoA, phoneNoB: b.phoneNoB ?? '', expireAt: localValue(b.expireAt), recordFlag: String(b.recordFlag),
    callDisplayType: String(b.callDisplayType), maxDuration: String(b.maxDuration),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const save = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setGeneral(undefined);
    const body: Record<string, unknown> = {
      phoneNoA: f.phoneNoA!.trim(), expireAt: instant(f.expireAt) ?? null, recordFlag: f.recordFlag === 'true',
      callDisplayType: int(f.callDisplayType), maxDuration: int(f.maxDuration) ?? 0,
    };
    if (b.bindType === 'AXB') body.phoneNoB = f.phoneNoB!.trim();
    try {
      await api('PUT', path, body);
      onSaved();
    } catch (err) {
      const msg = (err as Error).message;
      const field = fieldOfMessage(msg);
      if (field) setErrors({ [field]: msg });
      else setGeneral(msg);
    }
  };
  const input = (name: string, label: string, type: 'text' | 'datetime-local' = 'text', hint?: string) => (
    <Field label={label} name={`mb-${name}`} error={errors[name]} hint={hint}>
      <input id={`mb-${name}`} type={type as 'text'} value={f[name] ?? ''}
        onInput={(e) => setF({ ...f, [name]: e.currentTarget.value })} />
    </Field>
  );
  return (
    <article class="card">
      <h2>{t('bindings.modify')}</h2>
      <p class="muted small">{t('bindings.modifyIntro')}</p>
      <form onSubmit={(e) => void save(e)} noValidate class="stack" data-testid="modify-binding">
        {general ? <p class="error" role="alert">{general}</p> : null}
        {input('phoneNoA', t('bindings.a'))}
        {b.bindType === 'AXB' ? input('phoneNoB', t('bindings.b')) : null}
        {input('expireAt', t('bindings.expireAt'), 'datetime-local', t('bindings.expireHint'))}
        {input('maxDuration', t('bindings.maxDuration'), 'text', t('bindings.maxDurationHint'))}
        <DisplaySelect value={f.callDisplayType!} error={errors.callDisplayType} onChange={(v) => setF({ ...f, callDisplayType: v })} id="mb-callDisplayType" />
        <label class="check"><input type="checkbox" checked={f.recordFlag === 'true'} onChange={(e) => setF({ ...f, recordFlag: String(e.currentTarget.checked) })} /> {t('bindings.record')}</label>
        <button type="submit" class="primary">{t('bindings.save')}</button>
      </form>
    </article>
  );
}
