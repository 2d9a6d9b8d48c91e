// Endpoints (every URL pushes go to): success rate and latency p50/p99 of the last hour, attempts
// in flight, the breaker and its next probe, the queue; pause and resume. The list comes from
// GET /v1/endpoints, each row's figures from GET /v1/endpoints/:id, for the rows of the page shown.

import { useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { Badge, ErrorNote, Loading, TableWrap, Time } from '../ui/bits';
import { count, percent } from '../ui/format';
import { Pager } from '../ui/pager';
import { POLL_MS } from './overview';

interface Endpoint { id: string; url: string; paused: boolean; pausedReason?: string }
interface Shown extends Endpoint {
  breaker: { state: string; inFlight: number; failures: number; until?: string };
  queue: { queued: number; due: number };
  recent: { attempts: number; successRate?: number; latencyMs?: { p50: number; p99: number } };
  lastError?: { error: string };
}

const PAGE = 25;

export function EndpointsView() {
  const { t, tv, lang } = useI18n();
  const [page, setPage] = useState(1);
  const { data, error, reload } = usePoll(async () => {
    const all = (await api<{ endpoints: Endpoint[] }>('GET', '/endpoints')).endpoints;
    const rows = await Promise.all(all.slice((page - 1) * PAGE, page * PAGE)
      .map(async (e) => (await api<{ endpoint: Shown }>('GET', `/endpoints/${encodeURIComponent(e.id)}`)).endpoint));
    return { total: all.length, rows };
  }, POLL_MS, `endpoints|${page}`);
  const [actionError, setActionError] = useState<Error | undefined>();
  const toggle = async (e: Shown) => {
    setActionError(undefined);
    try {
      await api('POST', `/endpoints/${encodeURIComponent(e.id)}/${e.paused ? 'resume' : 'pause'}`, e.paused ? undefined : { reason: t('endpoints.pausedReason') });
      reload();
    } catch (err) {
      setActionError(err as Error);
    }
  };
  return (
    <section>
      <h1>{t('endpoints.title')}</h1>
      <p class="muted">{t('endpoints.intro')}</p>
      <ErrorNote error={error ?? actionError} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <TableWrap label={t('endpoints.title')}>
            <thead><tr>
              <th scope="col">URL</th><th scope="col">{t('endpoints.successRate')}</th><th scope="col">p50</th><th scope="col">p99</th>
              <th scope="col">{t('endpoints.inFlight')}</th><th scope="col">{t('endpoints.breaker')}</th><th scope="col">{t('endpoints.nextProbe')}</th>
              <th scope="col">{t('pushState.queued')}</th><th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th>
            </tr></thead>
            <tbody>
              {data.rows.length === 0 ? <tr><td colSpan={9} class="muted">{t('endpoints.none')}</td></tr> : null}
              {data.rows.map((e) => (
                <tr key={e.id} data-testid="endpoint-row">
                  <td class="url"><a href={href(['pushes'], { endpoint: e.id })}>{e.url}</a>
                    {e.lastError ? <small class="muted block" title={e.lastError.error}>{e.lastError.error.slice(0, 60)}</small> : null}</td>
                  <td>{percent(e.recent.successRate, lang)} <small class="muted">({count(e.recent.attempts, lang)})</small></td>
                  <td>{e.recent.latencyMs ? `${e.recent.latencyMs.p50} ms` : '—'}</td>
                  <td>{e.recent.latencyMs ? `${e.recent.latencyMs.p99} ms` : '—'}</td>
                  <td>{e.breaker.inFlight}</td>
                  <td>
                    <Badge value={tv('breaker', e.breaker.state)} kind={e.breaker.state} />
                    {e.paused ? <> <Badge value={t('endpoints.paused')} kind="paused" /></> : null}
                  </td>
                  <td><Time iso={e.breaker.until} date={false} /></td>
                  <td>{count(e.queue.queued, lang)}</td>
                  <td><button type="button" onClick={() => void toggle(e)} aria-label={`${e.paused ? t('endpoints.resume') : t('endpoints.pause')} ${e.url}`}>
                    {e.paused ? t('endpoints.resume') : t('endpoints.pause')}</button></td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
          <Pager page={page} hasNext={page * PAGE < data.total} onNext={() => setPage(page + 1)} onPrev={() => setPage(page - 1)} />
        </>
      ) : null}
    </section>
  );
}
