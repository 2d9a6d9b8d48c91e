// An app's settings on its page: capabilities, recording, default status and CDR URLs, ports and
// allowed client IPs, shown as facts and edited in place (the form takes the same card). Saving is
// one PATCH: the API checks every value and stores all of them or none; its message shows under the
// field it names. The console only turns text into JSON.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fieldOf } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Field } from '../ui/bits';
import { CAPS, integerOr, ipList } from '../ui/app-fields';
import type { AppView } from './apps';

const FIELDS = ['capabilities', 'recordingEnabled', 'statusUrl', 'feeUrl', 'portQuota', 'allowedClientIps'] as const;

interface Draft { caps: string[]; recording: boolean; statusUrl: string; feeUrl: string; portQuota: string; ips: string }

const draftOf = (a: AppView): Draft => ({
  caps: CAPS.filter((c) => a.capabilities.includes(c)), recording: a.recordingEnabled, statusUrl: a.statusUrl ?? '',
  feeUrl: a.feeUrl ?? '', portQuota: String(a.portQuota), ips: a.allowedClientIps.join('\n'),
});

/**
 * Only what the operator changed since the form opened: a setting someone else changed meanwhile is
 * not put back, and an unchanged URL is not checked again. An emptied URL is null (removed).
 */
function changes(from: Draft, to: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const caps = CAPS.filter((c) => to.caps.includes(c));
  if (caps.join() !== from.caps.join()) body.capabilities = caps;
  if (to.recording !== from.recording) body.recordingEnabled = to.recording;
  for (const k of ['statusUrl', 'feeUrl'] as const) if (to[k].trim() !== from[k]) body[k] = to[k].trim() || null;
  if (to.portQuota.trim() !== from.portQuota) body.portQuota = integerOr(to.portQuota.trim());
  const ips = ipList(to.ips);
  if (ips.join('\n') !== from.ips) body.allowedClientIps = ips;
  return body;
}

export function AppSettings({ app }: { app: AppView }) {
  const { t, tv } = useI18n();
  // The PATCH's answer is shown until the page's next load of the app replaces it.
  const [answered, setAnswered] = useState<AppView | undefined>();
  useEffect(() => setAnswered(undefined), [app]);
  const shown = answered ?? app;
  const [opened, setOpened] = useState<Draft | undefined>();
  const [v, setV] = useState<Draft>(() => draftOf(shown));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<Error | undefined>();
  const [saved, setSaved] = useState(false);
  // Focus follows the toggle: into the form when it opens, back to its button when it closes.
  const formRef = useRef<HTMLFormElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const toggled = useRef(false);
  useEffect(() => {
    if (!toggled.current) return;
    if (opened) formRef.current?.querySelector<HTMLElement>('input, textarea')?.focus();
    else editRef.current?.focus();
  }, [opened !== undefined]);
  const edit = () => {
    const d = draftOf(shown);
    setOpened(d);
    setV(d);
    setErrors({});
    setOther(undefined);
    setSaved(false);
    toggled.current = true;
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!opened) return;
    setErrors({});
    setOther(undefined);
    const body = changes(opened, v);
    try {
      // Nothing changed: nothing to send (the form just closes).
      if (Object.keys(body).length > 0) setAnswered(await api<AppView>('PATCH', `/apps/${encodeURIComponent(app.appKey)}`, body));
      setOpened(undefined);
      setSaved(true);
    } catch (err) {
      const msg = (err as Error).message;
      const field = fieldOf(msg.replace(/^body\/?/, ''), FIELDS);
      if (field) setErrors({ [field]: msg });
      else setOther(err as Error);
    }
  };
  const text = (name: 'statusUrl' | 'feeUrl' | 'portQuota', label: string, hint?: string) => (
    <Field label={label} name={`as-${name}`} error={errors[name]} hint={hint}>
      <input id={`as-${name}`} type="text" inputMode={name === 'portQuota' ? 'numeric' : undefined} value={v[name]}
        aria-invalid={errors[name] ? 'true' : undefined} aria-describedby={errors[name] ? `as-${name}-error` : undefined}
        onInput={(e) => setV({ ...v, [name]: e.currentTarget.value })} />
    </Field>
  );
  const capsError = errors.capabilities ?? errors.recordingEnabled;
  return (
    <article class="card app-settings" data-testid="app-settings" aria-labelledby="app-settings-title">
      <h2 id="app-settings-title">{t('settings.title')}</h2>
      {opened ? (
        <form class="form" ref={formRef} onSubmit={(e) => void save(e)} noValidate>
          <fieldset class={`kinds${capsError ? ' invalid' : ''}`} aria-describedby={capsError ? 'as-capabilities-error' : undefined}>
            <legend>{t('apps.capabilities')}</legend>
            {CAPS.map((c) => (
              <label class="check" key={c}><input type="checkbox" checked={v.caps.includes(c)}
                onChange={(e) => setV({ ...v, caps: e.currentTarget.checked ? [...v.caps, c] : v.caps.filter((x) => x !== c) })} /> {t(`kind.${c}`)}</label>
            ))}
            <label class="check"><input type="checkbox" checked={v.recording} onChange={(e) => setV({ ...v, recording: e.currentTarget.checked })} /> {t('apps.recording')}</label>
            {capsError ? <small class="field-error" id="as-capabilities-error" role="alert">{capsError}</small> : null}
          </fieldset>
          {text('statusUrl', t('apps.statusUrl'), t('settings.urlHint'))}
          {text('feeUrl', t('apps.feeUrl'), t('settings.urlHint'))}
          {text('portQuota', t('apps.portQuota'))}
          <Field label={t('app.allowedIps')} name="as-allowedClientIps" error={errors.allowedClientIps} hint={t('settings.ipsHint')}>
            <textarea id="as-allowedClientIps" rows={3} value={v.ips} aria-invalid={errors.allowedClientIps ? 'true' : undefined}
              aria-describedby={errors.allowedClientIps ? 'as-allowedClientIps-error' : undefined} onInput={(e) => setV({ ...v, ips: e.currentTarget.value })} />
          </Field>
          {other ? <div class="full"><ErrorNote error={other} /></div> : null}
          <div class="filter-actions">
            <button type="submit" class="primary">{t('settings.save')}</button>
            <button type="button" onClick={() => setOpened(undefined)}>{t('common.cancel')}</button>
          </div>
        </form>
      ) : (
        <>
          <dl class="kv">
            <dt>{t('apps.capabilities')}</dt><dd>{shown.capabilities.length ? shown.capabilities.map((c) => tv('kind', c)).join(', ') : t('settings.noCapability')}</dd>
            <dt>{t('apps.recording')}</dt><dd>{shown.recordingEnabled ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('apps.statusUrl')}</dt><dd class="url">{shown.statusUrl ?? '—'}</dd>
            <dt>{t('apps.feeUrl')}</dt><dd class="url">{shown.feeUrl ?? '—'}</dd>
            <dt>{t('apps.portQuota')}</dt><dd>{shown.portQuota}</dd>
            <dt>{t('app.allowedIps')}</dt><dd>{shown.allowedClientIps.length ? shown.allowedClientIps.join(', ') : t('app.anyIp')}</dd>
          </dl>
          <div class="filter-actions settings-actions">
            <button type="button" ref={editRef} onClick={edit}>{t('settings.edit')}</button>
            {saved ? <span class="note" role="status">{t('settings.saved')}</span> : null}
          </div>
        </>
      )}
    </article>
  );
}
