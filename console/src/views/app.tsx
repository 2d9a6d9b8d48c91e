// One app: its settings (app-settings.tsx), rotating its secret (the new one shown once), its
// display numbers (add, suspend, resume, remove), voice files, templates, push subscriptions, number
// lists and limits.

import { useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { Badge, ErrorNote, Field, Loading, TableWrap, Time } from '../ui/bits';
import { Confirm } from '../ui/confirm';
import { SecretOnce } from '../ui/secret';
import { Templates, VoiceFiles } from './app-media';
import { Limits, NumberLists } from './app-policy';
import { AppSettings } from './app-settings';
import { Subscriptions } from './app-subs';
import { InboundRoutes } from './inbound';
import type { AppView } from './apps';

function Numbers({ appKey }: { appKey: string }) {
  const { t, tv } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/numbers`;
  const { data, error, reload } = usePoll(() => api<{ numbers: Array<{ number: string; status: string }> }>('GET', base), null, `nums|${appKey}`);
  const [number, setNumber] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const run = async (method: string, path: string, body?: unknown) => {
    setActionError(undefined);
    try {
      await api(method, path, body);
      reload();
    } catch (e) {
      setActionError(e as Error);
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    setFieldError(undefined);
    try {
      await api('POST', base, { number: number.trim() });
      setNumber('');
      reload();
    } catch (err) {
      setFieldError((err as Error).message);
    }
  };
  return (
    <article class="card">
      <h2>{t('app.numbers')}</h2>
      <ErrorNote error={error ?? actionError} />
      <form class="inline-form" onSubmit={(ev) => void add(ev)} noValidate>
        <Field label={t('filters.number')} name="num" error={fieldError}>
          <input id="num" type="text" placeholder="+8675528000004" value={number} onInput={(ev) => setNumber(ev.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary">{t('app.addNumber')}</button>
      </form>
      <TableWrap label={t('app.numbers')}>
        <thead><tr><th scope="col">{t('filters.number')}</th><th scope="col">{t('filters.state')}</th><th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th></tr></thead>
        <tbody>{data?.numbers.map((n) => {
          const path = `${base}/${encodeURIComponent(n.number)}`;
          return (
            <tr key={n.number}>
              <td class="nums">{n.number}</td>
              <td><Badge value={tv('appStatus', n.status)} kind={n.status === 'active' ? 'delivered' : 'paused'} /></td>
              <td>
                <button type="button" onClick={() => void run('POST', `${path}/${n.status === 'active' ? 'suspend' : 'resume'}`)} aria-label={`${n.status === 'active' ? t('apps.suspend') : t('apps.resume')} ${n.number}`}>{n.status === 'active' ? t('apps.suspend') : t('apps.resume')}</button>{' '}
                <button type="button" onClick={() => void run('DELETE', path)} aria-label={`${t('app.remove')} ${n.number}`}>{t('app.remove')}</button>
              </td>
            </tr>
          );
        })}</tbody>
      </TableWrap>
    </article>
  );
}

export function AppPage({ appKey }: { appKey: string }) {
  const { t, tv } = useI18n();
  const { data, error, reload } = usePoll(() => api<AppView>('GET', `/apps/${encodeURIComponent(appKey)}`), null, appKey);
  const [secret, setSecret] = useState<string | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const [asking, setAsking] = useState(false);
  const rotate = async () => {
    setAsking(false);
    setActionError(undefined);
    try {
      setSecret((await api<{ appSecret: string }>('POST', `/apps/${encodeURIComponent(appKey)}/rotate-secret`, {})).appSecret);
      reload();
    } catch (e) {
      setActionError(e as Error);
    }
  };
  if (!data) return <section><h1>{t('app.heading')}</h1><ErrorNote error={error} />{error ? null : <Loading />}</section>;
  return (
    <section>
      <p><a href={href(['apps'])}>← {t('apps.title')}</a></p>
      <h1>{data.name} <span class="mono small">{data.appKey}</span></h1>
      <ErrorNote error={actionError} />
      {secret ? <SecretOnce appKey={appKey} secret={secret} /> : null}
      <div class="summary">
        <Badge value={tv('appStatus', data.status)} kind={data.status === 'active' ? 'delivered' : 'paused'} />
        <span>{t('pushes.created')}: <Time iso={data.createdAt} /></span>
        <a href={href(['place'], { appKey })}>{t('nav.place')}</a>
        <a href={href(['apps', appKey, 'tasks'])}>{t('tasks.title')}</a>
        <a href={href(['apps', appKey, 'flows'])}>{t('flows.title')}</a>
        <a href={href(['apps', appKey, 'privacy'])}>{t('privacy.link')}</a>
        <button type="button" onClick={() => setAsking(true)}>{t('app.rotate')}</button>
      </div>
      <Confirm open={asking} title={t('app.rotateTitle', { name: data.name })} confirmLabel={t('app.rotateConfirm')} onConfirm={() => void rotate()} onCancel={() => setAsking(false)}>
        <p>{t('app.rotateBody')}</p>
      </Confirm>
      {data.previousSecretValidUntil ? <dl class="kv"><dt>{t('app.previousSecret')}</dt><dd><Time iso={data.previousSecretValidUntil} /></dd></dl> : null}
      <AppSettings app={data} />
      <div class="grid">
        <Numbers appKey={appKey} />
        <VoiceFiles appKey={appKey} />
        <InboundRoutes appKey={appKey} />
        <div class="wide"><Templates appKey={appKey} /></div>
        <div class="wide"><Subscriptions appKey={appKey} /></div>
        <NumberLists appKey={appKey} />
        <Limits appKey={appKey} />
      </div>
    </section>
  );
}
