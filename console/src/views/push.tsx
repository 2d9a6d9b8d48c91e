// One push: its state, body, the headers its next attempt sends (signature values masked by the
// API), and every attempt; replay it (delivered or failed) or deliver it now (queued).

import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { Attempts, type Attempt } from '../ui/attempts';
import { Badge, ErrorNote, Loading, Time } from '../ui/bits';
import type { PushSummary } from './pushes';
import { POLL_MS } from './overview';

interface Shown { push: PushSummary & { items: unknown[]; subscriptionId?: string; mergedInto?: string }; attempts: Attempt[] }
interface Request { url: string; headers: Record<string, string>; signed: boolean; body: string }

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function PushView({ id }: { id: string }) {
  const { t, tv } = useI18n();
  const enc = encodeURIComponent(id);
  const { data, error, reload } = usePoll(() => api<Shown>('GET', `/pushes/${enc}`), POLL_MS, id);
  const req = usePoll(() => api<Request>('GET', `/pushes/${enc}/request`), null, id);
  const [actionError, setActionError] = useState<Error | undefined>();
  const act = async (what: 'replay' | 'deliver') => {
    setActionError(undefined);
    try {
      await api('POST', `/pushes/${enc}/${what}`);
      reload();
    } catch (e) {
      setActionError(e as Error);
    }
  };
  if (!data) return <section><h1>{t('push.title')}</h1><ErrorNote error={error} />{error ? null : <Loading />}</section>;
  const p = data.push;
  return (
    <section>
      <p><a href={href(['pushes'])}>← {t('pushes.title')}</a></p>
      <h1>{t('push.title')} <span class="mono small">{p.id}</span></h1>
      <ErrorNote error={error ?? actionError} />
      <div class="summary">
        <Badge value={tv('pushState', p.state)} kind={p.state} />
        <span>{p.format} · {tv('pushKind', p.kind)}</span>
        <span class="url">{p.url}</span>
        <span>{t('pushes.created')}: <Time iso={p.createdAt} /></span>
        {p.nextAt ? <span>{t('push.nextAt')}: <Time iso={p.nextAt} /></span> : null}
        {/* A voxcall-format push is a task's status: its id is the task's, not a call's. */}
        {p.format === 'voxcall'
          ? <a href={href(['apps', p.appKey, 'tasks', p.sessionId])}>{t('push.task')}</a>
          : <a href={href(['calls', p.sessionId])}>{t('push.call')}</a>}
        {p.state === 'delivered' || p.state === 'failed' ? <button type="button" class="primary" onClick={() => void act('replay')}>{t('push.replay')}</button> : null}
        {p.state === 'queued' ? <button type="button" onClick={() => void act('deliver')}>{t('push.deliverNow')}</button> : null}
      </div>
      {p.mergedInto ? <p class="note">{t('push.merged')} <a href={href(['pushes', p.mergedInto])}>{p.mergedInto}</a></p> : null}
      <div class="grid">
        <article class="card">
          <h2>{t('push.headers')}</h2>
          <ErrorNote error={req.error} />
          {req.data ? (
            <>
              <p class="muted small">{req.data.signed ? t('push.headersNote') : t('push.unsigned')}</p>
              <dl class="kv headers" data-testid="headers">
                {Object.entries(req.data.headers).map(([k, v]) => <Fragment key={k}><dt><code>{k}</code></dt><dd><code>{v}</code></dd></Fragment>)}
              </dl>
            </>
          ) : null}
        </article>
        <article class="card">
          <h2>{t('push.body')}</h2>
          <pre class="body" tabIndex={0}>{req.data ? pretty(req.data.body) : JSON.stringify(p.items, null, 2)}</pre>
        </article>
        {/* Last: a queued push's attempts grow while it is watched, and move nothing below them. */}
        <article class="card wide">
          <h2>{t('push.attempts')}</h2>
          <Attempts attempts={data.attempts} label={t('push.attempts')} />
        </article>
      </div>
    </section>
  );
}
