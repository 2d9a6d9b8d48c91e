// Changing a subscription (PATCH, one request: all of it is saved or none): its URL and failover
// URL, format, what it receives, which status events, the retry schedule and the timeout (empty =
// the format's default), and a new generated signing secret shown once. The API checks every
// value; its message shows under the field it names. The console only turns text into JSON.

import { useState } from 'preact/hooks';
import { api, fieldOf } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Field, Status } from '../ui/bits';
import { SigningSecretOnce } from '../ui/secret';

export interface Sub {
  id: string; url: string; format: string; receives: string; enabled: boolean; signed: boolean;
  failoverUrl?: string; events?: string[]; retrySchedule?: number[]; timeoutMs?: number;
}

export const FORMATS = ['huawei', 'vsp', 'ucloud', 'robot', 'voxcall'] as const;
export const RECEIVES = ['both', 'status', 'records'] as const;
const EVENTS = ['callout', 'alerting', 'answer', 'collectInfo', 'disconnect'] as const;
const FIELDS = ['url', 'failoverUrl', 'format', 'receives', 'events', 'retrySchedule', 'timeoutMs', 'secret'] as const;

/** A number when the text is one, else the text itself, for the API to refuse with its own words. */
const numberOr = (s: string): number | string => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);

/** "none" is no retry ([]); empty is the format's default (null); else the delays, comma or space separated. */
function schedule(text: string): unknown {
  const s = text.trim();
  if (s === '') return null;
  if (s.toLowerCase() === 'none') return [];
  return s.split(/[\s,]+/).filter(Boolean).map(numberOr);
}

export function SubscriptionEditor({ base, sub, onChanged, onClose }: { base: string; sub: Sub; onChanged: () => void; onClose: () => void }) {
  const { t, tv } = useI18n();
  const path = `${base}/${encodeURIComponent(sub.id)}`;
  const [v, setV] = useState({
    url: sub.url, failoverUrl: sub.failoverUrl ?? '', format: sub.format, receives: sub.receives,
    events: sub.events ?? [...EVENTS], retry: sub.retrySchedule ? (sub.retrySchedule.length ? sub.retrySchedule.join(', ') : 'none') : '',
    timeout: sub.timeoutMs !== undefined ? String(sub.timeoutMs) : '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<Error | undefined>();
  const [saved, setSaved] = useState(false);
  const [secret, setSecret] = useState<string | undefined>();
  const refused = (err: unknown) => {
    const msg = (err as Error).message;
    const field = fieldOf(msg, FIELDS);
    if (field) setErrors({ [field]: msg });
    else setOther(err as Error);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setOther(undefined);
    setSaved(false);
    const allEvents = EVENTS.every((x) => v.events.includes(x));
    try {
      await api('PATCH', path, {
        url: v.url.trim(), failoverUrl: v.failoverUrl.trim() || null, format: v.format, receives: v.receives,
        // No event ticked is sent as [] for the API to refuse; all ticked means all (no filter).
        events: allEvents ? null : EVENTS.filter((x) => v.events.includes(x)),
        retrySchedule: schedule(v.retry), timeoutMs: v.timeout.trim() ? numberOr(v.timeout.trim()) : null,
      });
      setSaved(true);
      onChanged();
    } catch (err) {
      refused(err);
    }
  };
  const newSecret = async () => {
    setErrors({});
    setOther(undefined);
    try {
      setSecret((await api<{ secret: string }>('PATCH', path, { secret: true })).secret);
      onChanged();
    } catch (err) {
      refused(err);
    }
  };
  const toggle = (ev: string, on: boolean) => setV({ ...v, events: on ? [...v.events, ev] : v.events.filter((x) => x !== ev) });
  return (
    <form class="form sub-edit" onSubmit={(e) => void save(e)} noValidate data-testid="sub-editor" aria-labelledby="sub-edit-title">
      <h3 id="sub-edit-title" class="full">{t('subs.editing')} <span class="url small">{sub.url}</span></h3>
      <Field label="URL" name="se-url" error={errors.url}>
        <input id="se-url" type="text" value={v.url} onInput={(e) => setV({ ...v, url: e.currentTarget.value })} />
      </Field>
      <Field label={t('subs.failoverUrl')} name="se-failoverUrl" error={errors.failoverUrl} hint={t('subs.failoverHint')}>
        <input id="se-failoverUrl" type="text" value={v.failoverUrl} onInput={(e) => setV({ ...v, failoverUrl: e.currentTarget.value })} />
      </Field>
      <Field label={t('filters.format')} name="se-format" error={errors.format}>
        <select id="se-format" value={v.format} onChange={(e) => setV({ ...v, format: e.currentTarget.value })}>
          {FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
        </select>
      </Field>
      <Field label={t('subs.receives')} name="se-receives" error={errors.receives}>
        <select id="se-receives" value={v.receives} onChange={(e) => setV({ ...v, receives: e.currentTarget.value })}>
          {RECEIVES.map((r) => <option key={r} value={r}>{tv('receives', r)}</option>)}
        </select>
      </Field>
      <fieldset class={`kinds full${errors.events ? ' invalid' : ''}`} aria-describedby={errors.events ? 'se-events-error' : undefined}>
        <legend>{t('subs.events')}</legend>
        {EVENTS.map((ev) => (
          <label class="check" key={ev}><input type="checkbox" checked={v.events.includes(ev)} onChange={(e) => toggle(ev, e.currentTarget.checked)} /> {ev}</label>
        ))}
        {errors.events ? <small class="field-error" id="se-events-error" role="alert">{errors.events}</small> : null}
      </fieldset>
      <Field label={t('subs.retrySchedule')} name="se-retrySchedule" error={errors.retrySchedule} hint={t('subs.retryHint')}>
        <input id="se-retrySchedule" type="text" value={v.retry} onInput={(e) => setV({ ...v, retry: e.currentTarget.value })} />
      </Field>
      <Field label={t('subs.timeoutMs')} name="se-timeoutMs" error={errors.timeoutMs} hint={t('subs.timeoutHint')}>
        <input id="se-timeoutMs" type="text" inputMode="numeric" value={v.timeout} onInput={(e) => setV({ ...v, timeout: e.currentTarget.value })} />
      </Field>
      <div class="full"><ErrorNote error={other} /></div>
      <Status text={saved ? t('subs.saved') : undefined} class="note full" />
      {secret ? <div class="full"><SigningSecretOnce secret={secret} testId="sub-new-secret" /></div> : null}
      <div class="filter-actions">
        <button type="submit" class="primary">{t('subs.save')}</button>
        <button type="button" onClick={() => void newSecret()}>{sub.signed ? t('subs.rotateSecret') : t('subs.generateNow')}</button>
        <button type="button" onClick={onClose}>{t('subs.closeEdit')}</button>
      </div>
    </form>
  );
}
