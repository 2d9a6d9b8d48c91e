// The overview: calls per minute by outcome, pushes delivered / failed / queued, the push first in
// line, and endpoints behind an open breaker; GET /v1/overview polled every 2 s.

import { api } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { Badge, ErrorNote, TableWrap, Time } from '../ui/bits';
import { count, seconds, time } from '../ui/format';
import { MinuteChart, OUTCOME_KEYS, type Minute } from '../ui/minute-chart';

export interface Overview {
  now: string;
  since: string;
  calls: { perMinute: Minute[]; total: Record<string, number> };
  pushes: {
    delivered: number; failed: number; queued: number; due: number;
    firstQueued?: { id: string; url: string; createdAt: string; nextAt: string; waitingSeconds: number };
  };
  openEndpoints: Array<{ id: string; url: string; state: string; failures: number; until?: string }>;
}

export const POLL_MS = 2000;

function Stat({ id, label, value, link }: { id: string; label: string; value: string; link?: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd data-testid={id}>{link ? <a href={link}>{value}</a> : value}</dd>
    </div>
  );
}

export function OverviewView() {
  const { t, lang } = useI18n();
  const { data, error } = usePoll(() => api<Overview>('GET', '/overview?minutes=15'), POLL_MS, 'overview');
  const p = data?.pushes;
  const first = p?.firstQueued;
  return (
    <section>
      <h1>{t('overview.title')}</h1>
      <ErrorNote error={error} />
      <div class="grid">
        <article class="card wide">
          <h2>{t('overview.callsPerMinute')}</h2>
          <p class="muted small">{data ? t('overview.window', { since: time(data.since, lang, false), minutes: 15 }) : '\u00a0'}</p>
          <MinuteChart minutes={data?.calls.perMinute ?? []} t={t} label={t('overview.callsPerMinute')} />
          <TableWrap label={t('overview.callTotals')}>
            <caption>{t('overview.callTotals')}</caption>
            <thead><tr>{OUTCOME_KEYS.map((k) => <th key={k} scope="col">{t(`outcome.${k}`)}</th>)}</tr></thead>
            <tbody><tr>{OUTCOME_KEYS.map((k) => (
              <td key={k} data-testid={`calls-${k}`}>{count(data?.calls.total[k], lang)}</td>
            ))}</tr></tbody>
          </TableWrap>
        </article>
        <article class="card">
          <h2>{t('overview.pushes')}</h2>
          <dl class="stats">
            <Stat id="pushes-delivered" label={t('pushState.delivered')} value={count(p?.delivered, lang)} link={href(['pushes'], { state: 'delivered' })} />
            <Stat id="pushes-failed" label={t('pushState.failed')} value={count(p?.failed, lang)} link={href(['pushes'], { state: 'failed' })} />
            <Stat id="pushes-queued" label={t('pushState.queued')} value={count(p?.queued, lang)} link={href(['pushes'], { state: 'queued' })} />
            <Stat id="pushes-due" label={t('overview.due')} value={count(p?.due, lang)} />
          </dl>
          <h3>{t('overview.firstQueued')}</h3>
          <p data-testid="first-queued" class="first-queued">
            {first
              ? <><a href={href(['pushes', first.id])}>{first.id}</a> · {t('overview.waiting', { s: seconds(first.waitingSeconds, lang) })} · <Time iso={first.createdAt} /></>
              : t('overview.queueEmpty')}
          </p>
        </article>
        <article class="card">
          <h2>{t('overview.openBreakers')}</h2>
          {data && data.openEndpoints.length === 0 ? <p class="muted" data-testid="open-endpoints-none">{t('overview.noOpenBreakers')}</p> : null}
          <ul class="plain" data-testid="open-endpoints">
            {data?.openEndpoints.map((e) => (
              <li key={e.id}>
                <Badge value={t(`breaker.${e.state === 'open' ? 'open' : 'half_open'}`)} kind={e.state} />{' '}
                <a href={href(['endpoints'], { focus: e.id })} class="url">{e.url}</a>
                <span class="muted small"> · {t('endpoints.nextProbe')}: <Time iso={e.until} date={false} /></span>
              </li>
            ))}
          </ul>
        </article>
      </div>
    </section>
  );
}
