// An app's outbound call tasks, newest first, paged on the server (nextCursor); each row with its
// progress bar from its counters (GET of the tasks of the page shown, as endpoints do).

import { api, withQuery } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { ErrorNote, Loading, TableWrap, Time } from '../ui/bits';
import { Pager, usePager } from '../ui/pager';
import { TaskProgress, TaskState, type Task } from '../ui/task-bits';
import { POLL_MS } from './overview';
import { NewTask } from './task-new';

const PAGE = 20;

export function TasksView({ appKey }: { appKey: string }) {
  const { t } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/tasks`;
  const pager = usePager(appKey);
  const { data, error, stale } = usePoll(async () => {
    const page = await api<{ tasks: Task[]; nextCursor?: string }>('GET', withQuery(base, { limit: PAGE, cursor: pager.cursor }));
    // The list has no counters: each task of this page is read with them.
    const tasks = await Promise.all(page.tasks.map((tk) => api<{ task: Task }>('GET', `${base}/${encodeURIComponent(tk.taskId)}`).then((a) => a.task, () => tk)));
    return { ...page, tasks };
  }, POLL_MS, `${appKey}|${pager.cursor ?? ''}`);
  // For the new task's suggestions: the app's first flows and its numbers.
  const { data: choices } = usePoll(async () => {
    const [flows, nums] = await Promise.all([
      api<{ flows: Array<{ id: string }> }>('GET', withQuery(`/apps/${encodeURIComponent(appKey)}/flows`, { limit: 100 })),
      api<{ numbers: Array<{ number: string }> }>('GET', `/apps/${encodeURIComponent(appKey)}/numbers`),
    ]);
    return { flows: flows.flows.map((f) => f.id), numbers: nums.numbers.map((n) => n.number) };
  }, null, `choices|${appKey}`);
  return (
    <section>
      <p><a href={href(['apps', appKey])}>← {t('app.heading')} <span class="mono">{appKey}</span></a></p>
      <h1>{t('tasks.title')}</h1>
      <p class="muted">{t('tasks.intro')} <a href={href(['apps', appKey, 'flows'])}>{t('flows.title')}</a></p>
      <ErrorNote error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <TableWrap label={t('tasks.title')} stale={stale}>
            <thead><tr>
              <th scope="col">{t('tasks.name')}</th><th scope="col">{t('filters.state')}</th><th scope="col">{t('tasks.progressCol')}</th>
              <th scope="col">{t('tasks.flow')}</th><th scope="col">{t('pushes.created')}</th>
            </tr></thead>
            <tbody>
              {data.tasks.length === 0 ? <tr><td colSpan={5} class="muted">{t('tasks.none')}</td></tr> : null}
              {data.tasks.map((tk) => (
                <tr key={tk.taskId} data-testid="task-row">
                  <td><a href={href(['apps', appKey, 'tasks', tk.taskId])}>{tk.name || tk.taskId}</a><small class="block mono muted">{tk.taskId}</small></td>
                  <td><TaskState task={tk} /></td>
                  <td class="progress-cell"><TaskProgress counters={tk.counters} label={`${t('tasks.progressCol')} ${tk.name || tk.taskId}`} /></td>
                  <td class="mono">{tk.flowId}{tk.flowVersion !== undefined ? ` v${tk.flowVersion}` : ''}</td>
                  <td><Time iso={tk.createdAt} /></td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
          <Pager page={pager.page} hasNext={data.nextCursor !== undefined} onNext={() => data.nextCursor && pager.next(data.nextCursor)} onPrev={pager.prev} />
        </>
      ) : null}
      {choices ? <NewTask appKey={appKey} flows={choices.flows} numbers={choices.numbers} /> : null}
    </section>
  );
}
