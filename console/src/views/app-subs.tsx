// An app's push subscriptions: add one (URL, format, what it receives, a generated secret shown
// once), change one (sub-edit.tsx), pause, resume, send a signed sample push and see the receiver's
// answer, remove.

import { useState } from 'preact/hooks';
import { api, fieldOf } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { Badge, ErrorNote, Field, TableWrap } from '../ui/bits';

import { SigningSecretOnce } from '../ui/secret';
import { FORMATS, RECEIVES, SubscriptionEditor, type Sub } from './sub-edit';

interface Tested { ok: boolean; httpStatus?: number; latencyMs?: number; errorClass?: string; error?: string }

export function Subscriptions({ appKey }: { appKey: string }) {
  const { t, tv } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/subscriptions`;
  const { data, error, reload } = usePoll(() => api<{ subscriptions: Sub[] }>('GET', base), null, `subs|${appKey}`);
  const [v, setV] = useState({ url: '', format: 'vsp', receives: 'both' });
  const [withSecret, setWithSecret] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | undefined>();
  const [tested, setTested] = useState<Record<string, Tested>>({});
  const [actionError, setActionError] = useState<Error | undefined>();
  const [editing, setEditing] = useState<string | undefined>();
  const edited = data?.subscriptions.find((s) => s.id === editing);
  const add = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setSecret(undefined);
    try {
      const done = await api<{ secret?: string }>('POST', base, { url: v.url.trim(), format: v.format, receives: v.receives, ...(withSecret ? { secret: true } : {}) });
      setSecret(done.secret);
      setV({ ...v, url: '' });
      reload();
    } catch (err) {
      const msg = (err as Error).message;
      setErrors({ [fieldOf(msg, ['format', 'receives']) ?? 'url']: msg });
    }
  };
  const run = async (method: string, path: string) => {
    setActionError(undefined);
    try {
      const answer = await api<{ test?: Tested }>(method, path, method === 'POST' ? {} : undefined);
      if (answer?.test) setTested((old) => ({ ...old, [path]: answer.test! }));
      reload();
    } catch (e) {
      setActionError(e as Error);
    }
  };
  return (
    <article class="card">
      <h2>{t('subs.title')}</h2>
      <ErrorNote error={error ?? actionError} />
      {secret ? <SigningSecretOnce secret={secret} testId="sub-secret" /> : null}
      <form class="inline-form" onSubmit={(ev) => void add(ev)} noValidate>
        <Field label="URL" name="sub-url" error={errors.url}>
          <input id="sub-url" type="text" placeholder="https://example.com/voxcall" value={v.url} onInput={(ev) => setV({ ...v, url: ev.currentTarget.value })} />
        </Field>
        <Field label={t('filters.format')} name="sub-format" error={errors.format}>
          <select id="sub-format" value={v.format} onChange={(ev) => setV({ ...v, format: ev.currentTarget.value })}>
            {FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </Field>
        <Field label={t('subs.receives')} name="sub-receives" error={errors.receives}>
          <select id="sub-receives" value={v.receives} onChange={(ev) => setV({ ...v, receives: ev.currentTarget.value })}>
            {RECEIVES.map((r) => <option key={r} value={r}>{tv('receives', r)}</option>)}
          </select>
        </Field>
        <label class="check"><input type="checkbox" checked={withSecret} onChange={(ev) => setWithSecret(ev.currentTarget.checked)} /> {t('subs.generateSecret')}</label>
        <button type="submit" class="primary">{t('subs.add')}</button>
      </form>
      <TableWrap label={t('subs.title')}>
        <thead><tr><th scope="col">URL</th><th scope="col">{t('filters.format')}</th><th scope="col">{t('subs.receives')}</th><th scope="col">{t('filters.state')}</th><th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th></tr></thead>
        <tbody>{data?.subscriptions.map((s) => {
          const path = `${base}/${encodeURIComponent(s.id)}`;
          const test = tested[`${path}/test`];
          return (
            <tr key={s.id} data-testid="subscription">
              <td class="url">{s.url}{s.signed ? <small class="muted block">{t('subs.signed')}</small> : null}</td>
              <td>{s.format}</td>
              <td>{tv('receives', s.receives)}</td>
              <td><Badge value={s.enabled ? t('subs.enabled') : t('endpoints.paused')} kind={s.enabled ? 'delivered' : 'paused'} /></td>
              <td>
                <button type="button" onClick={() => void run('POST', `${path}/${s.enabled ? 'pause' : 'resume'}`)} aria-label={`${s.enabled ? t('endpoints.pause') : t('endpoints.resume')} ${s.url}`}>{s.enabled ? t('endpoints.pause') : t('endpoints.resume')}</button>{' '}
                <button type="button" onClick={() => setEditing(s.id)} aria-label={`${t('subs.edit')} ${s.url}`}>{t('subs.edit')}</button>{' '}
                <button type="button" onClick={() => void run('POST', `${path}/test`)} aria-label={`${t('subs.test')} ${s.url}`}>{t('subs.test')}</button>{' '}
                <button type="button" onClick={() => void run('DELETE', path)} aria-label={`${t('app.remove')} ${s.url}`}>{t('app.remove')}</button>
                {test ? <small class="block" data-testid="sub-test">{test.ok ? t('attempt.ok') : t('attempt.failed')} · HTTP {test.httpStatus ?? '—'} · {test.latencyMs ?? '—'} ms {test.error ?? ''}</small> : null}
              </td>
            </tr>
          );
        })}</tbody>
      </TableWrap>
      {edited ? <SubscriptionEditor key={edited.id} base={base} sub={edited} onChanged={reload} onClose={() => setEditing(undefined)} /> : null}
    </article>
  );
}
