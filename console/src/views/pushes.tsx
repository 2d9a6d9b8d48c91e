// Pushes: filtered by app, endpoint, format, kind, state and time; paged on the server. "Replay
// matching" first asks GET /v1/pushes/count, says how many, and replays only once confirmed.

import { useState } from 'preact/hooks';
import { api, ApiError, apiFile, fieldOf, withQuery } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href } from '../router';
import { Badge, ErrorNote, Loading, Status, TableWrap, Time } from '../ui/bits';
import { Confirm } from '../ui/confirm';
import { FilterForm, splitError, type FilterSpec } from '../ui/filters';
import { appOptions, useApps } from '../ui/apps';
import { count as fmtCount } from '../ui/format';
import { Pager, usePager } from '../ui/pager';
import { LiveLine, readBehind, useBehind, useHeldRows } from '../ui/held-rows';
import { POLL_MS } from './overview';

export interface PushSummary {
  id: string; appKey: string; sessionId: string; format: string; kind: string; url: string; endpointId: string;
  state: string; attempts: number; replays?: number; createdAt: string; nextAt?: string; deliveredAt?: string; lastError?: string;
}

const FIELDS = ['appKey', 'endpoint', 'format', 'kind', 'state', 'from', 'to'] as const;
const PAGE = 25;

export function PushesView({ query }: { query: URLSearchParams }) {
  const { t, tv, lang } = useI18n();
  const apps = useApps();
  const filter = Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? undefined])) as Record<(typeof FIELDS)[number], string | undefined>;
  const key = JSON.stringify(filter);
  const pager = usePager(key);
  const behind = useBehind();
  const { data, error, reload, stale } = usePoll(async () => {
    const got = await api<{ pushes: PushSummary[]; nextCursor?: string }>('GET', withQuery('/pushes', { ...filter, limit: PAGE, cursor: pager.cursor }));
    const extra = await readBehind(behind, (id) => api<{ push: PushSummary }>('GET', `/pushes/${encodeURIComponent(id)}`).then((d) => d.push));
    return { ...got, extra };
  }, pager.page === 1 ? POLL_MS : null, `${key}|${pager.cursor ?? ''}`);
  const held = useHeldRows(data?.pushes, (p) => p.id, key, { live: pager.page === 1, stale, extra: data?.extra, settled: (p) => p.state !== 'queued', behind });
  const { byField, general } = splitError(error, FIELDS, fieldOf);
  const replayState = filter.state ?? 'failed';
  const canReplay = replayState === 'failed' || replayState === 'delivered';
  // `changed`: the count moved between the confirmation and the replay (the API refused it).
  const [confirm, setConfirm] = useState<{ count: number; capped: boolean; changed?: boolean } | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);

  const ask = async () => {
    setNote(undefined);
    setActionError(undefined);
    try {
      setConfirm(await api<{ count: number; capped: boolean }>('GET', withQuery('/pushes/count', { ...filter, state: replayState })));
    } catch (e) {
      setActionError(e as Error);
    }
  };
  const replay = async () => {
    if (!confirm) return;
    setBusy(true);
    let again = false;
    try {
      // The count confirmed goes with the request: if more (or fewer) match by now, nothing is
      // replayed and the dialog asks again with the new number.
      const body = Object.fromEntries(Object.entries({ ...filter, state: replayState }).filter(([, v]) => v !== undefined));
      const done = await api<{ matched: number; replayed: number }>('POST', '/pushes/replay', { ...body, expectedCount: confirm.count });
      setNote(t('pushes.replayed', { n: fmtCount(done.replayed, lang) }));
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VX.CONFLICT') again = true;
      else setActionError(e as Error);
    } finally {
      setBusy(false);
      if (again) {
        try {
          setConfirm({ ...await api<{ count: number; capped: boolean }>('GET', withQuery('/pushes/count', { ...filter, state: replayState })), changed: true });
        } catch (e) {
          setConfirm(undefined);
          setActionError(e as Error);
        }
      } else setConfirm(undefined);
    }
  };

  // The failed CDRs of the app and time filtered (the export takes those three), as a CSV file.
  const exportCsv = async () => {
    setActionError(undefined);
    try {
      const blob = await apiFile(withQuery('/exports/failed-records', { format: 'csv', appKey: filter.appKey, from: filter.from, to: filter.to }));
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'failed-records.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      setActionError(e as Error);
    }
  };

  const specs: FilterSpec[] = [
    { name: 'appKey', label: t('filters.app'), kind: 'select', options: appOptions(apps) },
    { name: 'endpoint', label: t('filters.endpoint'), kind: 'text', placeholder: 'ep_… / https://…' },
    { name: 'format', label: t('filters.format'), kind: 'select', options: ['huawei', 'vsp', 'ucloud', 'robot', 'voxcall'].map((f) => [f, f]) },
    { name: 'kind', label: t('filters.pushKind'), kind: 'select', options: (['status', 'record'] as const).map((k) => [k, t(`pushKind.${k}`)]) },
    { name: 'state', label: t('filters.state'), kind: 'select', options: (['queued', 'delivered', 'failed', 'merged'] as const).map((s) => [s, t(`pushState.${s}`)]) },
    { name: 'from', label: t('filters.from'), kind: 'time' },
    { name: 'to', label: t('filters.to'), kind: 'time' },
  ];
  return (
    <section>
      <h1>{t('pushes.title')}</h1>
      <FilterForm area={['pushes']} specs={specs} query={query} errors={byField}>
        <button type="button" onClick={() => void ask()} disabled={!canReplay} title={canReplay ? undefined : t('pushes.replayOnlyDone')}>
          {t('pushes.replayMatching', { state: tv('pushState', replayState) })}
        </button>
        <button type="button" onClick={() => void exportCsv()}>{t('pushes.exportFailed')}</button>
      </FilterForm>
      <Status text={note} />
      <ErrorNote error={general ?? actionError} />
      <Confirm open={confirm !== undefined} title={t('pushes.confirmTitle')} confirmLabel={t('pushes.confirmReplay')}
        onConfirm={() => void replay()} onCancel={() => setConfirm(undefined)} busy={busy} canConfirm={!confirm?.capped}>
        {confirm?.changed ? <p class="note" data-testid="count-changed">{t('pushes.countChanged')}</p> : null}
        <p data-testid="replay-count">{confirm?.capped
          ? t('pushes.confirmTooMany', { n: fmtCount(confirm.count - 1, lang) })
          : t('pushes.confirmBody', { n: fmtCount(confirm?.count ?? 0, lang), state: tv('pushState', replayState) })}</p>
      </Confirm>
      {!data && !error ? <Loading /> : null}
      {data && held.rows ? (
        <>
          <LiveLine page={pager.page} fresh={held.fresh} newKey="live.newPushes" pageSize={PAGE} onShow={held.show} />
          <TableWrap label={t('pushes.title')} fixed stale={stale}>
            <colgroup><col class="c-time" /><col class="c-badge" /><col class="c-format" /><col class="c-kind" /><col /><col class="c-talk" /><col class="c-pushid" /></colgroup>
            <thead><tr>
              <th scope="col">{t('pushes.created')}</th><th scope="col">{t('filters.state')}</th><th scope="col">{t('filters.format')}</th>
              <th scope="col">{t('filters.pushKind')}</th><th scope="col">{t('filters.endpoint')}</th><th scope="col">{t('push.attempts')}</th><th scope="col">{t('push.id')}</th>
            </tr></thead>
            <tbody>
              {held.rows.length === 0 ? <tr><td colSpan={7} class="muted">{t('pushes.none')}</td></tr> : null}
              {held.rows.map((p) => (
                <tr key={p.id}>
                  <td><Time iso={p.createdAt} /></td>
                  <td><Badge value={tv('pushState', p.state)} kind={p.state} /></td>
                  <td>{p.format}</td><td>{tv('pushKind', p.kind)}</td>
                  <td class="url">{p.url}</td><td>{p.attempts}</td>
                  <td><a href={href(['pushes', p.id])} class="mono">{p.id}</a></td>
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
