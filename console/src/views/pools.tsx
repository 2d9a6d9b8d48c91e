// An app's privacy-number pools (docs/privacy-numbers.md): create one, its X numbers with their
// area codes and how many active bindings each carries, add and remove an X, delete the pool.
// The API refuses removing an X or a pool that carries an active binding: its message is shown.

import { useState } from 'preact/hooks';
import { api, fieldOf } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { ErrorNote, Field, TableWrap } from '../ui/bits';
import { Confirm } from '../ui/confirm';

interface Pool { numberPoolNo: string; name?: string; numbers?: Array<{ number: string; areaCode?: string; bindings: number }> }

export function Pools({ appKey, onChange }: { appKey: string; onChange?: () => void }) {
  const { t } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/pools`;
  const { data, error, reload } = usePoll(async () => {
    const list = await api<{ pools: Pool[] }>('GET', base);
    return Promise.all(list.pools.map((p) => api<Pool>('GET', `${base}/${encodeURIComponent(p.numberPoolNo)}`).catch(() => p)));
  }, null, `pools|${appKey}`);
  const [f, setF] = useState({ id: '', name: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    try {
      await api('POST', base, { ...(f.id.trim() ? { numberPoolNo: f.id.trim() } : {}), ...(f.name.trim() ? { name: f.name.trim() } : {}) });
      setF({ id: '', name: '' });
      reload();
      onChange?.();
    } catch (err) {
      const msg = (err as Error).message;
      setErrors({ [fieldOf(msg.replace(/^body\/?/, ''), ['numberPoolNo', 'name']) ?? 'numberPoolNo']: msg });
    }
  };
  return (
    <article class="card wide">
      <h2>{t('pools.title')}</h2>
      <p class="muted small">{t('pools.intro')}</p>
      <ErrorNote error={error} />
      <form class="inline-form" onSubmit={(e) => void create(e)} noValidate>
        <Field label={t('pools.id')} name="pool-id" error={errors.numberPoolNo}>
          <input id="pool-id" type="text" value={f.id} onInput={(e) => setF({ ...f, id: e.currentTarget.value })} />
        </Field>
        <Field label={t('pools.name')} name="pool-name" error={errors.name}>
          <input id="pool-name" type="text" value={f.name} onInput={(e) => setF({ ...f, name: e.currentTarget.value })} />
        </Field>
        <button type="submit" class="primary">{t('pools.create')}</button>
      </form>
      {data && data.length === 0 ? <p class="muted">{t('pools.none')}</p> : null}
      {data?.map((p) => <PoolCard key={p.numberPoolNo} base={`${base}/${encodeURIComponent(p.numberPoolNo)}`} pool={p} onChange={() => { reload(); onChange?.(); }} />)}
    </article>
  );
}

function PoolCard({ base, pool, onChange }: { base: string; pool: Pool; onChange: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ number: '', areaCode: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<Error | undefined>();
  const [asking, setAsking] = useState(false);
  const add = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    try {
      await api('POST', `${base}/numbers`, { number: f.number.trim(), ...(f.areaCode.trim() ? { areaCode: f.areaCode.trim() } : {}) });
      setF({ number: '', areaCode: '' });
      onChange();
    } catch (err) {
      const msg = (err as Error).message;
      setErrors({ [fieldOf(msg.replace(/^body\/?/, ''), ['number', 'areaCode']) ?? 'number']: msg });
    }
  };
  const run = async (method: string, path: string) => {
    setActionError(undefined);
    try {
      await api(method, path);
      onChange();
    } catch (err) {
      setActionError(err as Error);
    }
  };
  const id = pool.numberPoolNo;
  return (
    <section class="pool" data-testid="pool" aria-labelledby={`pool-title-${id}`}>
      <h3 id={`pool-title-${id}`}><span class="mono">{id}</span>{pool.name ? ` · ${pool.name}` : ''}</h3>
      <ErrorNote error={actionError} />
      <form class="inline-form" onSubmit={(e) => void add(e)} noValidate>
        <Field label={t('pools.number')} name={`px-${id}`} error={errors.number}>
          <input id={`px-${id}`} type="text" placeholder="+8675528000101" value={f.number} onInput={(e) => setF({ ...f, number: e.currentTarget.value })} />
        </Field>
        <Field label={t('pools.areaCode')} name={`pa-${id}`} error={errors.areaCode}>
          <input id={`pa-${id}`} type="text" inputMode="numeric" class="narrow" placeholder="755" value={f.areaCode} onInput={(e) => setF({ ...f, areaCode: e.currentTarget.value })} />
        </Field>
        <button type="submit" aria-label={`${t('pools.addNumber')} ${id}`}>{t('pools.addNumber')}</button>
        <button type="button" onClick={() => setAsking(true)} aria-label={`${t('pools.delete')} ${id}`}>{t('pools.delete')}</button>
      </form>
      <TableWrap label={`${t('pools.numbers')} ${id}`}>
        <thead><tr><th scope="col">{t('pools.number')}</th><th scope="col">{t('pools.areaCode')}</th><th scope="col">{t('pools.active')}</th><th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th></tr></thead>
        <tbody>
          {pool.numbers && pool.numbers.length === 0 ? <tr><td colSpan={4} class="muted">{t('pools.noNumbers')}</td></tr> : null}
          {pool.numbers?.map((n) => (
            <tr key={n.number} data-testid="pool-number">
              <td class="nums">{n.number}</td><td class="nums">{n.areaCode ?? '—'}</td><td class="nums">{n.bindings}</td>
              <td><button type="button" onClick={() => void run('DELETE', `${base}/numbers/${encodeURIComponent(n.number)}`)} aria-label={`${t('app.remove')} ${n.number}`}>{t('app.remove')}</button></td>
            </tr>
          ))}
        </tbody>
      </TableWrap>
      <Confirm open={asking} title={t('pools.deleteTitle', { id })} confirmLabel={t('pools.delete')} onConfirm={() => { setAsking(false); void run('DELETE', base); }} onCancel={() => setAsking(false)}>
        <p>{t('pools.deleteBody')}</p>
      </Confirm>
    </section>
  );
}
