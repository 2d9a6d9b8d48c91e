// A simulated inbound call (POST /v1/simulator/calls, docs/inbound.md "Simulated calls"): a caller
// with no phone dials one of the platform's numbers, presses the digits given and hangs up when
// told; the console then opens the call's page, whose timeline fills in live. On the SIP network
// the API refuses (VX.NOT_SIMULATED) and its message is shown.

import { useState } from 'preact/hooks';
import { api, ApiError, fieldOf } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href, navigate } from '../router';
import { useApps } from '../ui/apps';
import { Field } from '../ui/bits';

const FIELDS = ['from', 'to', 'digits', 'hangupAfterS', 'pressAfterS'] as const;

/** The body: digits split at commas or spaces (one string per collection), numbers as numbers. */
export function simulateBody(v: Record<string, string>): Record<string, unknown> {
  const b: Record<string, unknown> = { from: v.from?.trim() ?? '', to: v.to?.trim() ?? '' };
  const digits = (v.digits ?? '').split(/[\s,]+/).filter(Boolean);
  if (digits.length) b.digits = digits;
  for (const k of ['hangupAfterS', 'pressAfterS']) {
    const x = v[k]?.trim();
    if (x) b[k] = /^\d+$/.test(x) ? Number(x) : x;
  }
  return b;
}

export function SimulateView({ query }: { query: URLSearchParams }) {
  const { t } = useI18n();
  const apps = useApps();
  const appKey = query.get('appKey') ?? apps[0]?.appKey;
  const { data: nums } = usePoll(
    () => (appKey ? api<{ numbers: Array<{ number: string }> }>('GET', `/apps/${encodeURIComponent(appKey)}/numbers`) : Promise.resolve({ numbers: [] })),
    null, `simnums|${appKey ?? ''}`,
  );
  const [v, setV] = useState<Record<string, string>>({ from: '+8613900000001', to: query.get('to') ?? '', digits: '', hangupAfterS: '', pressAfterS: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [refused, setRefused] = useState<{ q850?: number; sessionId?: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const to = v.to || nums?.numbers[0]?.number || '';

  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setGeneral(undefined);
    setRefused(undefined);
    setBusy(true);
    try {
      const placed = await api<{ accepted: boolean; sessionId?: string; q850?: number }>('POST', '/simulator/calls', simulateBody({ ...v, to }));
      if (placed.accepted && placed.sessionId) navigate(href(['calls', placed.sessionId]));
      else setRefused(placed);
    } catch (err) {
      const msg = (err as Error).message;
      const f = fieldOf(msg.replace(/^body\//, ''), FIELDS);
      if (f) setErrors({ [f]: msg });
      else setGeneral(err instanceof ApiError && err.code.startsWith('VX.') ? `${err.code}: ${msg}` : msg);
    } finally {
      setBusy(false);
    }
  };
  // The app's first number is the placeholder (and what is sent when the field is left empty), never
  // a value put into the field: it arrives with the app's numbers, possibly while the user types.
  const input = (name: string, label: string, hint?: string, list?: string, placeholder?: string) => (
    <Field label={label} name={`sim-${name}`} error={errors[name]} hint={hint}>
      <input id={`sim-${name}`} type="text" list={list} value={v[name] ?? ''} placeholder={placeholder}
        onInput={(e) => setV({ ...v, [name]: e.currentTarget.value })} />
    </Field>
  );
  return (
    <section>
      <h1>{t('simulate.title')}</h1>
      <p class="muted">{t('simulate.intro')}</p>
      <datalist id="app-numbers">{nums?.numbers.map((n) => <option key={n.number} value={n.number} />)}</datalist>
      <form class="form" onSubmit={(e) => void submit(e)} noValidate>
        {general ? <p class="error" role="alert">{general}</p> : null}
        {refused ? (
          <p class="error" role="alert">
            {t('simulate.refused', { q850: refused.q850 ?? '?' })}{' '}
            {refused.sessionId ? <a href={href(['calls', refused.sessionId])}>{t('simulate.openRefused')}</a> : null}
          </p>
        ) : null}
        {input('from', t('simulate.from'), t('simulate.fromHint'))}
        {input('to', t('simulate.to'), t('simulate.toHint'), 'app-numbers', nums?.numbers[0]?.number)}
        {input('digits', t('simulate.digits'), t('simulate.digitsHint'))}
        {input('pressAfterS', t('simulate.pressAfterS'), t('simulate.pressHint'))}
        {input('hangupAfterS', t('simulate.hangupAfterS'), t('simulate.hangupHint'))}
        <button type="submit" class="primary" disabled={busy}>{t('simulate.submit')}</button>
      </form>
    </section>
  );
}
