// Calls: filtered by app, kind, outcome (or in progress), number and time; paged on the server
// (25 a page, keyset cursors). The first page refreshes every 2 s: its rows update in place and
// new calls wait behind the live line (ui/held-rows.tsx); later pages stay as loaded.

import { api, fieldOf, withQuery } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { Badge, ErrorNote, Loading, TableWrap, Time } from '../ui/bits';
import { FilterForm, splitError, type FilterSpec } from '../ui/filters';
import { seconds } from '../ui/format';
import { appOptions, useApps } from '../ui/apps';
import { OUTCOME_KEYS } from '../ui/minute-chart';
import { Pager, usePager } from '../ui/pager';
import { LiveLine, readBehind, useBehind, useHeldRows } from '../ui/held-rows';
import { POLL_MS } from './overview';

export interface CallSummary {
  sessionId: string;
  appKey: string;
  kind: string;
  state: 'active' | 'ended';
  outcome?: string;
  stateCode?: number;
  numbers: { display: string; caller?: string; calleeDisplay?: string; callee: string };
  createdAt: string;
  endedAt?: string;
  talkSeconds?: number;
}

const FIELDS = ['appKey', 'kind', 'outcome', 'number', 'from', 'to'] as const;
const PAGE = 25;

export function CallsView({ query }: { query: URLSearchParams }) {
  const { t, tv, lang } = useI18n();
  const apps = useApps();
  const outcome = query.get('outcome') ?? '';
  const filter = {
    appKey: query.get('appKey') ?? undefined, kind: query.get('kind') ?? undefined, number: query.get('number') ?? undefined,
    from: query.get('from') ?? undefined, to: query.get('to') ?? undefined,
    ...(outcome === 'in_progress' ? { state: 'active' } : { outcome: outcome || undefined }),
  };
  const key = JSON.stringify(filter);
  const pager = usePager(key);
  const behind = useBehind();
  const { data, error, stale } = usePoll(async () => {
    const got = await api<{ calls: CallSummary[]; nextCursor?: string }>('GET', withQuery('/calls', { ...filter, limit: PAGE, cursor: pager.cursor }));
    const extra = await readBehind(behind, (id) => api<{ call: CallSummary }>('GET', `/calls/${encodeURIComponent(id)}`).then((d) => d.call));
    return { ...got, extra };
  }, pager.page === 1 ? POLL_MS : null, `${key}|${pager.cursor ?? ''}`);
  const held = useHeldRows(data?.calls, (c) => c.sessionId, key, { live: pager.page === 1, stale, extra: data?.extra, settled: (c) => c.state === 'ended', behind });
  const { byField, general } = splitError(error, FIELDS, fieldOf);
  const specs: FilterSpec[] = [
    { name: 'appKey', label: t('filters.app'), kind: 'select', options: appOptions(apps) },
    { name: 'kind', label: t('filters.kind'), kind: 'select', options: (['callback', 'notify', 'verify', 'flow', 'inbound'] as const).map((k) => [k, t(`kind.${k}`)]) },
    { name: 'outcome', label: t('filters.outcome'), kind: 'select', options: OUTCOME_KEYS.map((k) => [k, t(`outcome.${k}`)]) },
    { name: 'number', label: t('filters.number'), kind: 'text', placeholder: '+8613900000001' },
    { name: 'from', label: t('filters.from'), kind: 'time' },
    { name: 'to', label: t('filters.to'), kind: 'time' },
  ];
  return (
    <section>
      <h1>{t('calls.title')}</h1>
      <FilterForm area={['calls']} specs={specs} query={query} errors={byField} />
      <ErrorNote error={general} />
      {!data && !error ? <Loading /> : null}
      {data && held.rows ? (
        <>
          <LiveLine page={pager.page} fresh={held.fresh} newKey="live.newCalls" pageSize={PAGE} onShow={held.show} />
          <TableWrap label={t('calls.title')} fixed stale={stale}>
            <colgroup><col class="c-time" /><col class="c-kind" /><col class="c-numbers" /><col class="c-badge" /><col class="c-talk" /><col class="c-id" /></colgroup>
            <thead><tr>
              <th scope="col">{t('calls.placed')}</th><th scope="col">{t('filters.kind')}</th><th scope="col">{t('calls.numbers')}</th>
              <th scope="col">{t('filters.outcome')}</th><th scope="col">{t('calls.talk')}</th><th scope="col">{t('calls.session')}</th>
            </tr></thead>
            <tbody>
              {held.rows.length === 0 ? <tr><td colSpan={6} class="muted">{t('calls.none')}</td></tr> : null}
              {held.rows.map((c) => (
                <tr key={c.sessionId}>
                  <td><Time iso={c.createdAt} /></td>
                  <td>{tv('kind', c.kind)}</td>
                  <td class="nums">{c.numbers.caller ? `${c.numbers.caller} → ` : ''}{c.numbers.callee}</td>
                  <td>{c.state === 'active' ? <Badge value={t('outcome.in_progress')} kind="in_progress" /> : <Badge value={tv('outcome', c.outcome)} kind={c.outcome} />}</td>
                  <td>{seconds(c.talkSeconds, lang)}</td>
                  <td><a href={href(['calls', c.sessionId])} class="mono">{c.sessionId}</a></td>
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
