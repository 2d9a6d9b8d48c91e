// What the task views share: the task's shape as the API answers it, its state badge and a
// progress bar from its counters (rows finished of rows total), in a box of fixed size.

import { useI18n } from '../i18n';
import { Badge } from './bits';

export interface TaskCounters { total: number; dialled: number; answered: number; byResult: Record<string, number>; remaining: number; retryPending: number; dialling: number }
export interface Task {
  taskId: string; name: string; state: string; pausedBy?: string; flowId: string; flowVersion?: number;
  displayNumbers: string[]; timeZone: string; windows: Array<{ day: number; from: string; to: string }>; forbiddenDates: string[];
  concurrency: number; cps: number; retry: { maxTries?: number; intervalSeconds?: number; retryOn?: string[] };
  startAt?: string; endAt?: string; header?: string[]; rowCount: number; createdAt: string; updatedAt: string; counters?: TaskCounters;
}

const STATE_BADGE: Record<string, string> = { draft: 'queued', scheduled: 'queued', running: 'in_progress', paused: 'paused', completed: 'delivered', cancelled: 'cancelled' };

export function TaskState({ task }: { task: Pick<Task, 'state' | 'pausedBy'> }) {
  const { tv } = useI18n();
  const by = task.state === 'paused' && task.pausedBy ? ` (${tv('pausedBy', task.pausedBy)})` : '';
  return <Badge value={`${tv('taskState', task.state)}${by}`} kind={STATE_BADGE[task.state] ?? 'queued'} />;
}

/** Finished rows (total - remaining) of the total; an empty bar until the counters arrive. */
export function TaskProgress({ counters, label }: { counters: TaskCounters | undefined; label: string }) {
  const { t } = useI18n();
  const total = counters?.total ?? 0;
  const done = counters ? total - counters.remaining : 0;
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div class="progress" data-testid="task-progress">
      <progress max={Math.max(total, 1)} value={done} aria-label={label} />
      <span class="nums small">{counters ? t('tasks.progress', { done, total, pct }) : '\u00a0'}</span>
    </div>
  );
}
