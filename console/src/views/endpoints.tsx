// Endpoints (every URL pushes go to): success rate and latency p50/p99 of the last hour, attempts
// in flight, the breaker and its next probe, the queue; pause and resume. The list comes from
// GET /v1/endpoints a page at a time (the server's keyset pages: nothing beyond the page shown is
// loaded), each row's figures from GET /v1/endpoints/:id, for the rows of that page.

import { useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { Badge, ErrorNote, Loading, TableWrap, Time } from '../ui/bits';
import { count, percent } from '../ui/format';
import { Pager, usePager } from '../ui/pager';
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
  const pager = usePager('endpoints');
  const { data, error, reload, stale } = usePoll(async () => {
    const cursor = pager.cursor ? `&cursor=${encodeURIComponent(pager.cursor)}` : '';
    const page = await api<{ endpoints: Endpoint[]; nextCursor?: string }>('GET', `/endpoints?limit=${PAGE}${cursor}`);
    const rows = await Promise.all(page.endpoints
      .map(async (e) => (await api<{ endpoint: Shown }>('GET', `/endpoints/${encodeURIComponent(e.id)}`)).endpoint));
    return { nextCursor: page.nextCursor, rows };
  }, POLL_MS, `endpoints|${pager.cursor ?? ''}`);
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
          <TableWrap label={t('endpoints.title')} stale={stale}>
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
          <Pager page={pager.page} hasNext={data.nextCursor !== undefined} onNext={() => data.nextCursor && pager.next(data.nextCursor)} onPrev={pager.prev} />
        </>
      ) : null}
    </section>
  );
}
