// Place a test call for an app (POST /v1/apps/:appKey/calls: the same admission and placement as
// the app's own requests), then watch it on its page. A refusal shows the API's message next to
// the field it names, or above the form with the reference's result code.

import { useState } from 'preact/hooks';
import { api, ApiError, fieldAtPath, fieldOf } from '../api';
import { useI18n } from '../i18n';
import { href, navigate } from '../router';
import { Field } from '../ui/bits';
import { useApps } from '../ui/apps';

type Kind = 'callback' | 'notify' | 'verify';
const FIELDS = ['callee', 'caller', 'display', 'calleeDisplay', 'voice', 'template', 'params', 'collect', 'code', 'times', 'record', 'maxDuration', 'userData'] as const;
/**
 * The call API's request fields (src/api/normalize.ts, src/policy/checks.ts) that a test call's
 * form fields become: a refusal names them ("playInfoList[0].templateId: …", "preTone: voice file …").
 */
const API_PATHS: Record<string, string> = {
  callerNbr: 'caller', calleeNbr: 'callee', displayNbr: 'display', displayCalleeNbr: 'calleeDisplay',
  'playInfoList[].templateId': 'template', 'playInfoList[].templatId': 'template', 'playInfoList[].templateParas': 'params',
  'playInfoList[].notifyVoice': 'voice', 'playInfoList[].collectInd': 'collect',
  preTone: 'voice', verifyCode: 'code', times: 'times', maxDuration: 'maxDuration', userData: 'userData',
};
const TEST_NUMBERS = ['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((n) => `+86139000000${n}`);

/** The request body: only the fields given, numbers as numbers, params split at commas. */
export function placeBody(kind: Kind, v: Record<string, string>, record: boolean): Record<string, unknown> {
  const b: Record<string, unknown> = { kind, callee: v.callee?.trim() ?? '' };
  const text = (k: string) => { const x = v[k]?.trim(); if (x) b[k] = x; };
  const num = (k: string) => { const x = v[k]?.trim(); if (x) b[k] = /^-?\d+$/.test(x) ? Number(x) : x; };
  text('display');
  text('userData');
  if (kind === 'callback') { text('caller'); text('calleeDisplay'); num('maxDuration'); if (record) b.record = true; }
  if (kind === 'notify') {
    if (v.template?.trim()) {
      text('template');
      const params = (v.params ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      if (params.length) b.params = params;
    } else text('voice');
    num('collect');
  }
  if (kind === 'verify') { text('code'); num('times'); text('voice'); }
  return b;
}

export function PlaceView({ query }: { query: URLSearchParams }) {
  const { t } = useI18n();
  const apps = useApps();
  const [appKey, setAppKey] = useState(query.get('appKey') ?? '');
  const [kind, setKind] = useState<Kind>((query.get('kind') as Kind | null) ?? 'notify');
  const [v, setV] = useState<Record<string, string>>({ callee: '+8613900000008', template: 'test_template', params: '3, 人民公园正门', collect: '1', code: '1234', caller: '+8613900000001' });
  const [record, setRecord] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const app = appKey || apps[0]?.appKey || '';

  const input = (name: string, label: string, opts: { hint?: string; type?: 'text' | 'number'; list?: string } = {}) => (
    <Field label={label} name={name} error={errors[name]} hint={opts.hint}>
      <input id={name} name={name} type={opts.type === 'number' ? 'number' : 'text'} list={opts.list} value={v[name] ?? ''}
        onInput={(e) => setV({ ...v, [name]: e.currentTarget.value })} />
    </Field>
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setGeneral(undefined);
    setBusy(true);
    try {
      const placed = await api<{ sessionId: string }>('POST', `/apps/${encodeURIComponent(app)}/calls`, placeBody(kind, v, record));
      navigate(href(['calls', placed.sessionId]));
    } catch (err) {
      const msg = (err as Error).message;
      const f = fieldOf(msg.replace(/^body\//, ''), FIELDS) ?? fieldAtPath(msg, API_PATHS);
      if (f) setErrors({ [f]: msg });
      else setGeneral(err instanceof ApiError && /^\d+$/.test(err.code) ? `${err.code}: ${msg}` : msg);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('place.title')}</h1>
      <p class="muted">{t('place.intro')}</p>
      <datalist id="test-numbers">{TEST_NUMBERS.map((n) => <option key={n} value={n} />)}</datalist>
      <form class="form" onSubmit={(e) => void submit(e)} noValidate>
        {general ? <p class="error" role="alert">{general}</p> : null}
        <Field label={t('filters.app')} name="place-app">
          <select id="place-app" value={app} onChange={(e) => setAppKey(e.currentTarget.value)}>
            {apps.map((a) => <option key={a.appKey} value={a.appKey}>{a.name} ({a.appKey.slice(0, 8)}…)</option>)}
          </select>
        </Field>
        <fieldset class="kinds">
          <legend>{t('filters.kind')}</legend>
          {(['callback', 'notify', 'verify'] as const).map((k) => (
            <label key={k}><input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`kind.${k}`)}</label>
          ))}
        </fieldset>
        {kind === 'callback' ? input('caller', t('place.caller'), { list: 'test-numbers', hint: t('place.callerHint') }) : null}
        {input('callee', kind === 'callback' ? t('place.calleeB') : t('place.callee'), { list: 'test-numbers', hint: t('place.testNumbers') })}
        {input('display', t('place.display'), { hint: t('place.displayHint') })}
        {kind === 'notify' ? <>
          {input('template', t('place.template'), { hint: t('place.templateHint') })}
          {input('params', t('place.params'), { hint: t('place.paramsHint') })}
          {input('voice', t('place.voice'), { hint: t('place.voiceHint') })}
          {input('collect', t('place.collect'), { type: 'number', hint: t('place.collectHint') })}
        </> : null}
        {kind === 'verify' ? <>
          {input('code', t('place.code'))}
          {input('times', t('place.times'), { type: 'number' })}
          {input('voice', t('place.preTone'), { hint: t('place.preToneHint') })}
        </> : null}
        {kind === 'callback' ? <>
          {input('maxDuration', t('place.maxDuration'), { type: 'number' })}
          <label class="check"><input type="checkbox" checked={record} onChange={(e) => setRecord(e.currentTarget.checked)} /> {t('place.record')}</label>
        </> : null}
        {input('userData', t('place.userData'))}
        <button type="submit" class="primary" disabled={busy || !app}>{t('place.submit')}</button>
      </form>
    </section>
  );
}
