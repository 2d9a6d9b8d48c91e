// Apps: the list (status, capabilities, recording), suspend and resume, and a new app whose secret
// is shown once with a copy button (allowed client IPs may be set there too). Each app's page has
// its settings, numbers, voice files and templates.

import { useState } from 'preact/hooks';
import { api, fieldOf } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { Badge, ErrorNote, Field, Loading, TableWrap, Time } from '../ui/bits';
import { SecretOnce } from '../ui/secret';
import { CAPS, integerOr, ipList } from '../ui/app-fields';

export interface AppView {
  appKey: string; name: string; status: 'active' | 'suspended'; capabilities: string[]; recordingEnabled: boolean;
  statusUrl?: string; feeUrl?: string; portQuota: number; allowedClientIps: string[]; createdAt: string; previousSecretValidUntil?: string;
}

const FIELDS = ['name', 'capabilities', 'statusUrl', 'feeUrl', 'portQuota', 'allowedClientIps'] as const;

function CreateApp({ onCreated }: { onCreated: (a: AppView & { appSecret: string }) => void }) {
  const { t } = useI18n();
  const [v, setV] = useState({ name: '', statusUrl: '', feeUrl: '', portQuota: '', ips: '' });
  const [caps, setCaps] = useState<string[]>([...CAPS]);
  const [recording, setRecording] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setGeneral(undefined);
    const body: Record<string, unknown> = { name: v.name.trim(), capabilities: caps, recordingEnabled: recording };
    if (v.statusUrl.trim()) body.statusUrl = v.statusUrl.trim();
    if (v.feeUrl.trim()) body.feeUrl = v.feeUrl.trim();
    if (v.portQuota.trim()) body.portQuota = integerOr(v.portQuota.trim());
    if (ipList(v.ips).length) body.allowedClientIps = ipList(v.ips);
    try {
      onCreated(await api<AppView & { appSecret: string }>('POST', '/apps', body));
      setV({ name: '', statusUrl: '', feeUrl: '', portQuota: '', ips: '' });
    } catch (err) {
      const msg = (err as Error).message;
      const f = fieldOf(msg, FIELDS);
      if (f) setErrors({ [f]: msg });
      else setGeneral(msg);
    }
  };
  const input = (name: Exclude<keyof typeof v, 'ips'>, label: string, type: 'text' | 'number' = 'text') => (
    <Field label={label} name={`app-${name}`} error={errors[name]}>
      <input id={`app-${name}`} list={undefined} type={type === 'number' ? 'number' : 'text'} value={v[name]}
        onInput={(e) => setV({ ...v, [name]: e.currentTarget.value })} />
    </Field>
  );
  return (
    <form class="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-app">
      <h2 id="new-app" class="full">{t('apps.new')}</h2>
      {general ? <p class="error" role="alert">{general}</p> : null}
      {input('name', t('apps.name'))}
      {input('portQuota', t('apps.portQuota'), 'number')}
      {input('statusUrl', t('apps.statusUrl'))}
      {input('feeUrl', t('apps.feeUrl'))}
      <Field label={t('app.allowedIps')} name="app-allowedClientIps" error={errors.allowedClientIps} hint={t('settings.ipsHint')}>
        <textarea id="app-allowedClientIps" rows={2} value={v.ips} aria-invalid={errors.allowedClientIps ? 'true' : undefined}
          aria-describedby={errors.allowedClientIps ? 'app-allowedClientIps-error' : undefined} onInput={(e) => setV({ ...v, ips: e.currentTarget.value })} />
      </Field>
      <fieldset class="kinds">
        <legend>{t('apps.capabilities')}</legend>
        {CAPS.map((c) => (
          <label key={c}><input type="checkbox" checked={caps.includes(c)} onChange={(e) => setCaps(e.currentTarget.checked ? [...caps, c] : caps.filter((x) => x !== c))} /> {t(`kind.${c}`)}</label>
        ))}
        <label><input type="checkbox" checked={recording} onChange={(e) => setRecording(e.currentTarget.checked)} /> {t('apps.recording')}</label>
      </fieldset>
      {errors.capabilities ? <p class="field-error full" role="alert">{errors.capabilities}</p> : null}
      <button type="submit" class="primary">{t('apps.create')}</button>
    </form>
  );
}

export function AppsView() {
  const { t, tv } = useI18n();
  const { data, error, reload } = usePoll(() => api<{ apps: AppView[] }>('GET', '/apps'), null, 'apps-page');
  const [created, setCreated] = useState<(AppView & { appSecret: string }) | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const toggle = async (a: AppView) => {
    setActionError(undefined);
    try {
      await api('POST', `/apps/${encodeURIComponent(a.appKey)}/${a.status === 'active' ? 'suspend' : 'resume'}`);
      reload();
    } catch (e) {
      setActionError(e as Error);
    }
  };
  return (
    <section>
      <h1>{t('apps.title')}</h1>
      {created ? <SecretOnce appKey={created.appKey} secret={created.appSecret} /> : null}
      <ErrorNote error={error ?? actionError} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <TableWrap label={t('apps.title')}>
          <thead><tr>
            <th scope="col">{t('apps.name')}</th><th scope="col">{t('apps.appKey')}</th><th scope="col">{t('filters.state')}</th>
            <th scope="col">{t('apps.capabilities')}</th><th scope="col">{t('apps.recording')}</th><th scope="col">{t('pushes.created')}</th>
            <th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th>
          </tr></thead>
          <tbody>{data.apps.map((a) => (
            <tr key={a.appKey} data-testid="app-row">
              <td><a href={href(['apps', a.appKey])}>{a.name}</a></td>
              <td class="mono">{a.appKey}</td>
              <td><Badge value={tv('appStatus', a.status)} kind={a.status === 'active' ? 'delivered' : 'paused'} /></td>
              <td>{a.capabilities.map((c) => tv('kind', c)).join(', ')}</td>
              <td>{a.recordingEnabled ? t('common.yes') : t('common.no')}</td>
              <td><Time iso={a.createdAt} /></td>
              <td><button type="button" onClick={() => void toggle(a)} aria-label={`${a.status === 'active' ? t('apps.suspend') : t('apps.resume')} ${a.name}`}>{a.status === 'active' ? t('apps.suspend') : t('apps.resume')}</button></td>
            </tr>
          ))}</tbody>
        </TableWrap>
      ) : null}
      <CreateApp onCreated={(a) => { setCreated(a); reload(); }} />
    </section>
  );
}
