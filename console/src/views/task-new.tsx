// A new outbound task (POST /v1/apps/:appKey/tasks, docs/tasks.md "Fields"): its flow, display
// numbers, calling windows, retry, concurrency and CPS, start and end. Only the fields filled are
// sent (the API's defaults apply to the rest); a refusal goes under the field it names. The task is
// created as a draft; its page then takes its rows.

import { useState } from 'preact/hooks';
import { api, fieldAtPath } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { navigate, href } from '../router';
import { Field } from '../ui/bits';

/**
 * The request's paths and the form field of each: "retry.intervalSeconds must be …" goes under
 * Interval, any other retry.* under Tries; "flow x does not exist" under the flow.
 */
const PATHS: Record<string, string> = Object.fromEntries([
  ...['name', 'flowId', 'flowVersion', 'displayNumbers', 'timeZone', 'windows', 'forbiddenDates', 'concurrency', 'cps', 'startAt', 'endAt'].map((f) => [f, f]),
  ['flow', 'flowId'], ['retry', 'maxTries'], ['retry.maxTries', 'maxTries'], ['retry.intervalSeconds', 'intervalSeconds'],
]);
type Form = Record<string, string>;

const int = (s: string | undefined): number | string | undefined => {
  const x = s?.trim();
  if (!x) return undefined;
  return /^-?\d+$/.test(x) ? Number(x) : x;
};
const list = (s: string | undefined): string[] => (s ?? '').split(/[\s,]+/).filter(Boolean);

/**
 * Windows as typed, one a line: "1-5 09:00-18:00" (Monday to Friday) or "6 10:00-12:00". A line
 * that does not read so is sent as it is, for the API to refuse in its words.
 */
export function parseWindows(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^([1-7])(?:\s*-\s*([1-7]))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    for (let d = first; d <= last; d++) out.push({ day: d, from: m[3], to: m[4] });
  }
  return out;
}

/** A datetime-local value as an instant with its offset (the browser's zone), as the API takes it. */
const instant = (v: string | undefined): string | undefined => (v ? new Date(v).toISOString() : undefined);

export function taskBody(f: Form): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => { if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) b[k] = v; };
  put('name', f.name?.trim());
  put('flowId', f.flowId?.trim());
  put('flowVersion', int(f.flowVersion));
  put('displayNumbers', list(f.displayNumbers));
  put('timeZone', f.timeZone?.trim());
  put('windows', parseWindows(f.windows ?? ''));
  put('forbiddenDates', list(f.forbiddenDates));
  put('concurrency', int(f.concurrency));
  put('cps', int(f.cps));
  const retry: Record<string, unknown> = {};
  if (int(f.maxTries) !== undefined) retry.maxTries = int(f.maxTries);
  if (int(f.intervalSeconds) !== undefined) retry.intervalSeconds = int(f.intervalSeconds);
  if (Object.keys(retry).length) b.retry = retry;
  put('startAt', instant(f.startAt));
  put('endAt', instant(f.endAt));
  return b;
}

export function NewTask({ appKey, flows, numbers }: { appKey: string; flows: string[]; numbers: string[] }) {
  const { t } = useI18n();
  const [f, setF] = useState<Form>({ timeZone: 'Asia/Shanghai', windows: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const flowId = f.flowId ?? flows[0] ?? '';
  const display = f.displayNumbers ?? numbers[0] ?? '';
  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setGeneral(undefined);
    try {
      const made = await api<{ task: { taskId: string } }>('POST', `/apps/${encodeURIComponent(appKey)}/tasks`, taskBody({ ...f, flowId, displayNumbers: display }));
      navigate(href(['apps', appKey, 'tasks', made.task.taskId]));
    } catch (err) {
      const msg = (err as Error).message;
      const field = fieldAtPath(msg, PATHS);
      if (field) setErrors({ [field]: msg });
      else setGeneral(msg);
    }
  };
  const input = (name: string, label: MessageKey, opts: { hint?: MessageKey; type?: 'text' | 'datetime-local'; value?: string; list?: string; error?: string } = {}) => {
    const err = opts.error ?? errors[name];
    return (
      <Field label={t(label)} name={`nt-${name}`} error={err} hint={opts.hint ? t(opts.hint) : undefined}>
        <input id={`nt-${name}`} type={opts.type ?? 'text'} list={opts.list} value={opts.value ?? f[name] ?? ''}
          onInput={(e) => setF({ ...f, [name]: e.currentTarget.value })} />
      </Field>
    );
  };
  return (
    <article class="card">
      <h2>{t('taskNew.title')}</h2>
      <p class="muted small">{t('taskNew.intro')}</p>
      <datalist id="nt-flows">{flows.map((x) => <option key={x} value={x} />)}</datalist>
      <form class="form" onSubmit={(e) => void submit(e)} noValidate data-testid="new-task">
        {general ? <p class="error" role="alert">{general}</p> : null}
        {input('name', 'taskNew.name')}
        {input('flowId', 'tasks.flow', { list: 'nt-flows', value: flowId })}
        {input('flowVersion', 'inbound.flowVersion', { hint: 'taskNew.flowVersionHint' })}
        {input('displayNumbers', 'tasks.displayNumbers', { hint: 'taskNew.displayHint', value: display })}
        {input('timeZone', 'tasks.timeZone')}
        <Field label={t('tasks.windows')} name="nt-windows" error={errors.windows} hint={t('taskNew.windowsHint')}>
          <textarea id="nt-windows" rows={3} value={f.windows} placeholder="1-5 09:00-18:00"
            onInput={(e) => setF({ ...f, windows: e.currentTarget.value })} />
        </Field>
        {input('forbiddenDates', 'tasks.forbiddenDates', { hint: 'taskNew.datesHint' })}
        {input('concurrency', 'tasks.concurrency', { hint: 'taskNew.concurrencyHint' })}
        {input('cps', 'taskNew.cps', { hint: 'taskNew.cpsHint' })}
        {input('maxTries', 'taskNew.maxTries', { hint: 'taskNew.maxTriesHint' })}
        {input('intervalSeconds', 'taskNew.interval', { hint: 'taskNew.intervalHint' })}
        {input('startAt', 'tasks.startAt', { type: 'datetime-local' })}
        {input('endAt', 'tasks.endAt', { type: 'datetime-local' })}
        <button type="submit" class="primary">{t('taskNew.submit')}</button>
      </form>
    </article>
  );
}
