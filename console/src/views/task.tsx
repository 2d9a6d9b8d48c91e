// One task: its settings, counters and progress, its rows (paged on the server, `after` cursors),
// the actions its state allows (each after a confirmation; the API decides, and says why not),
// and its per-row results downloaded as CSV or JSON Lines through the export route.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, apiFile, saveBlob, withQuery } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { taskResultDesc } from '../i18n/task-results';
import { usePoll } from '../poll';
import { href } from '../router';
import { ErrorNote, Loading, Status, TableWrap, Time } from '../ui/bits';
import { Confirm } from '../ui/confirm';
import { Pager, usePager } from '../ui/pager';
import { TaskProgress, TaskState, type Task } from '../ui/task-bits';
import { POLL_MS } from './overview';
import { UploadRows } from './task-upload';

type Action = 'start' | 'pause' | 'resume' | 'cancel' | 'rerun';
interface Row { rowIndex: number; callee: string; values: string[]; state: string; tries: number; maxTries: number; nextAt?: string; lastResult?: string; lastResultDesc?: string; lastSessionId?: string }

/** The actions the state machine (docs/tasks.md) allows from a state, for the buttons shown. */
function actionsOf(task: Task): Action[] {
  switch (task.state) {
    case 'draft': return ['start', 'cancel'];
    case 'scheduled': case 'running': return ['pause', 'cancel'];
    case 'paused': return [task.pausedBy === 'user' ? 'resume' : 'pause', 'cancel'];
    case 'completed': return ['rerun'];
    default: return [];
  }
}

const ROWS_PAGE = 50;
const STATS: Array<[keyof Omit<NonNullable<Task['counters']>, 'byResult'>, MessageKey]> = [
  ['total', 'tasks.total'], ['dialled', 'tasks.dialled'], ['answered', 'tasks.answered'], ['remaining', 'tasks.remaining'], ['retryPending', 'tasks.retryPending'], ['dialling', 'tasks.dialling'],
];

function Rows({ base, header }: { base: string; header: string[] }) {
  const { t, tv, lang } = useI18n();
  const pager = usePager(base);
  const { data, error, stale } = usePoll(
    () => api<{ header: string[]; rows: Row[]; nextAfter?: string }>('GET', withQuery(`${base}/rows`, { limit: ROWS_PAGE, after: pager.cursor })),
    POLL_MS, `${base}|${pager.cursor ?? ''}`,
  );
  const cols = (data?.header ?? header).filter((h) => h !== 'callee');
  const colIndex = (data?.header ?? header).map((h, i) => [h, i] as const).filter(([h]) => h !== 'callee').map(([, i]) => i);
  return (
    <article class="card wide">
      <h2>{t('tasks.rows')}</h2>
      <ErrorNote error={error} />
      <TableWrap label={t('tasks.rows')} fixed stale={stale}>
        <colgroup><col class="c-num" /><col class="c-callee" />{cols.map((c) => <col key={c} />)}<col class="c-kind" /><col class="c-num" /><col class="c-result" /><col class="c-time" /><col class="c-callee" /></colgroup>
        <thead><tr>
          <th scope="col">#</th><th scope="col">{t('tasks.callee')}</th>{cols.map((c) => <th scope="col" key={c}>{c}</th>)}
          <th scope="col">{t('filters.state')}</th><th scope="col">{t('tasks.tries')}</th><th scope="col">{t('tasks.lastResult')}</th><th scope="col">{t('tasks.nextAt')}</th><th scope="col">{t('tasks.lastCall')}</th>
        </tr></thead>
        <tbody>
          {data && data.rows.length === 0 ? <tr><td colSpan={7 + cols.length} class="muted">{t('tasks.noRows')}</td></tr> : null}
          {data?.rows.map((r) => (
            <tr key={r.rowIndex} data-testid="task-row-line">
              <td class="nums">{r.rowIndex}</td><td class="nums">{r.callee}</td>
              {colIndex.map((i) => <td key={i}>{r.values[i] ?? ''}</td>)}
              <td>{tv('rowState', r.state)}</td><td class="nums">{r.tries} / {r.maxTries}</td>
              <td>{r.lastResult ? <><span class="mono">{r.lastResult}</span> <small class="muted">{taskResultDesc(r.lastResult, r.lastResultDesc, lang)}</small></> : '—'}</td>
              <td>{r.nextAt ? <Time iso={r.nextAt} /> : '—'}</td>
              <td>{r.lastSessionId ? <a class="mono" href={href(['calls', r.lastSessionId])}>{r.lastSessionId.slice(0, 12)}…</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </TableWrap>
      {data ? <Pager page={pager.page} hasNext={data.nextAfter !== undefined} onNext={() => data.nextAfter && pager.next(data.nextAfter)} onPrev={pager.prev} /> : null}
    </article>
  );
}

export function TaskPage({ appKey, taskId }: { appKey: string; taskId: string }) {
  const { t, tv } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/tasks/${encodeURIComponent(taskId)}`;
  const { data, error, reload } = usePoll(() => api<{ task: Task }>('GET', base).then((a) => a.task), POLL_MS, base);
  const [asking, setAsking] = useState<Action | undefined>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error | undefined>();
  // An action rebuilds the buttons from the new state: focus goes to the state (a stable element)
  // once the new state is shown, and the live region says it.
  // `actedFrom`: the state the action was taken in; the first state shown that differs (whether a
  // poll or the reload brought it, before or after the POST answered) is the action's. Forgotten
  // after 10 s, so a later change (the task finishing) never moves focus unasked.
  const [actedFrom, setActedFrom] = useState<string | null>(null);
  const stateRef = useRef<HTMLSpanElement>(null);
  const [said, setSaid] = useState<string | undefined>();
  const stateKey = data ? `${data.state}|${data.pausedBy ?? ''}` : '';
  useEffect(() => {
    if (actedFrom === null || !data || stateKey === actedFrom) return;
    setActedFrom(null);
    stateRef.current?.focus();
    setSaid(t('tasks.stateNow', { state: stateRef.current?.textContent ?? data.state }));
  }, [stateKey, actedFrom]);
  useEffect(() => {
    if (actedFrom === null) return undefined;
    const forget = setTimeout(() => setActedFrom(null), 10_000);
    return () => clearTimeout(forget);
  }, [actedFrom]);
  const act = async () => {
    if (!asking) return;
    setBusy(true);
    setActionError(undefined);
    const from = stateKey;
    try {
      await api('POST', `${base}/${asking}`, {});
      setActedFrom(from);
      reload();
    } catch (e) {
      setActionError(e as Error);
    } finally {
      setBusy(false);
      setAsking(undefined);
    }
  };
  const download = async (format: 'csv' | 'jsonl') => {
    setActionError(undefined);
    try {
      saveBlob(await apiFile(`${base}/export?format=${format}`), `task-${taskId}.${format}`);
    } catch (e) {
      setActionError(e as Error);
    }
  };
  const back = <p><a href={href(['apps', appKey, 'tasks'])}>← {t('tasks.title')}</a></p>;
  if (!data) return <section>{back}<h1>{t('tasks.task')}</h1><ErrorNote error={error} />{error ? null : <Loading />}</section>;
  const c = data.counters;
  return (
    <section>
      {back}
      <h1>{data.name || data.taskId} <span class="mono small">{data.taskId}</span></h1>
      <div class="summary">
        <span tabIndex={-1} ref={stateRef} data-testid="task-state"><TaskState task={data} /></span>
        {actionsOf(data).map((a) => <button type="button" key={a} onClick={() => setAsking(a)}>{t(`taskAction.${a}`)}</button>)}
        <button type="button" onClick={() => void download('csv')}>{t('tasks.downloadCsv')}</button>
        <button type="button" onClick={() => void download('jsonl')}>{t('tasks.downloadJsonl')}</button>
      </div>
      <ErrorNote error={actionError} />
      <Status text={said} class="sr-only" />
      <Confirm open={asking !== undefined} title={asking ? t(`taskAction.${asking}`) : ''} confirmLabel={asking ? t(`taskAction.${asking}`) : ''}
        onConfirm={() => void act()} onCancel={() => setAsking(undefined)} busy={busy}>
        <p>{asking ? t(`taskConfirm.${asking}`, { name: data.name || data.taskId }) : null}</p>
      </Confirm>
      <div class="grid">
        <article class="card">
          <h2>{t('tasks.progressCol')}</h2>
          <TaskProgress counters={c} label={t('tasks.progressCol')} />
          <dl class="stats">
            {STATS.map(([k, label]) => <div class="stat" key={k}><dt>{t(label)}</dt><dd data-testid={`count-${k}`}>{c ? c[k] : '—'}</dd></div>)}
          </dl>
          {c && Object.keys(c.byResult).length > 0 ? (
            <TableWrap label={t('tasks.byResult')}>
              <thead><tr><th scope="col">{t('tasks.lastResult')}</th><th scope="col">{t('tasks.rowsCount')}</th></tr></thead>
              <tbody>{Object.entries(c.byResult).map(([code, n]) => <tr key={code}><td class="mono">{code}</td><td class="nums">{n}</td></tr>)}</tbody>
            </TableWrap>
          ) : null}
        </article>
        <article class="card">
          <h2>{t('tasks.settings')}</h2>
          <dl class="kv">
            <dt>{t('tasks.flow')}</dt><dd><a class="mono" href={href(['apps', appKey, 'flows', data.flowId])}>{data.flowId}</a>{data.flowVersion !== undefined ? ` v${data.flowVersion}` : ''}</dd>
            <dt>{t('tasks.displayNumbers')}</dt><dd class="nums">{data.displayNumbers.join(', ')}</dd>
            <dt>{t('tasks.timeZone')}</dt><dd>{data.timeZone}</dd>
            <dt>{t('tasks.windows')}</dt><dd>{data.windows.length ? data.windows.map((w) => `${tv('weekday', String(w.day))} ${w.from}–${w.to}`).join('; ') : t('tasks.anyTime')}</dd>
            <dt>{t('tasks.forbiddenDates')}</dt><dd>{data.forbiddenDates.join(', ') || '—'}</dd>
            <dt>{t('tasks.concurrency')}</dt><dd>{data.concurrency} · {data.cps} {t('tasks.cps')}</dd>
            <dt>{t('tasks.retry')}</dt><dd>{t('tasks.retryText', { n: data.retry.maxTries ?? 1, s: data.retry.intervalSeconds ?? 0 })}{data.retry.retryOn?.length ? ` (${data.retry.retryOn.join(', ')})` : ''}</dd>
            <dt>{t('tasks.startAt')}</dt><dd><Time iso={data.startAt} /></dd>
            <dt>{t('tasks.endAt')}</dt><dd><Time iso={data.endAt} /></dd>
            <dt>{t('pushes.created')}</dt><dd><Time iso={data.createdAt} /></dd>
          </dl>
        </article>
        {['draft', 'scheduled', 'running', 'paused'].includes(data.state) ? <UploadRows base={base} onUploaded={reload} /> : null}
        <Rows base={base} header={data.header ?? ['callee']} />
      </div>
    </section>
  );
}
