// One flow: its versions (newest first; any one shown with ?version=), the nodes of the version
// shown, what uses it, and a new version edited from the shown one (stored only if it validates,
// and only on top of the version it was read from: expectedVersion).

import { useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href, navigate } from '../router';
import { ErrorNote, Loading, TableWrap, Time } from '../ui/bits';
import { Confirm } from '../ui/confirm';
import { FlowEditor, FlowNodes } from '../ui/flow-editor';

interface FlowView { id: string; name: string; version: number; note?: string; createdAt: string; versionCreatedAt: string; variables: string[]; uses: Array<{ kind: string; id: string; version: number; since: string }>; flow: unknown }
interface Version { version: number; note?: string; createdAt: string }

export function FlowPage({ appKey, flowId, query }: { appKey: string; flowId: string; query: URLSearchParams }) {
  const { t } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/flows/${encodeURIComponent(flowId)}`;
  const version = query.get('version') ?? undefined;
  const { data, error, reload, stale } = usePoll(async () => {
    const [flow, versions] = await Promise.all([
      api<FlowView>('GET', version ? `${base}?version=${encodeURIComponent(version)}` : base),
      api<{ versions: Version[] }>('GET', `${base}/versions`),
    ]);
    return { flow, versions: versions.versions };
  }, null, `${base}|${version ?? ''}`);
  const [asking, setAsking] = useState(false);
  const [deleteError, setDeleteError] = useState<Error | undefined>();
  // Refused while a task holds the flow (VX.FLOW_IN_USE, naming them): the message is shown as is.
  const remove = async () => {
    setAsking(false);
    setDeleteError(undefined);
    try {
      await api('DELETE', base);
      navigate(href(['apps', appKey, 'flows']));
    } catch (e) {
      setDeleteError(e as Error);
    }
  };
  const back = <p><a href={href(['apps', appKey, 'flows'])}>← {t('flows.title')}</a></p>;
  if (!data) return <section>{back}<h1>{t('flows.flow')}</h1><ErrorNote error={error} />{error ? null : <Loading />}</section>;
  const { flow, versions } = data;
  const newest = versions[0]?.version ?? flow.version;
  const addVersion = async (definition: unknown, note: string) => {
    await api('POST', `${base}/versions`, { flow: definition, expectedVersion: newest, ...(note ? { note } : {}) });
    location.hash = href(['apps', appKey, 'flows', flowId]);
    reload();
  };
  return (
    <section>
      {back}
      <h1>{flow.name} <span class="mono small">{flow.id}</span></h1>
      <div class="summary">
        <span>{t('flows.version')} {flow.version}{flow.version === newest ? ` (${t('flows.newest')})` : ''}</span>
        <span>{t('flows.variables')}: {flow.variables.length ? flow.variables.join(', ') : '—'}</span>
        <span>{t('flows.uses')}: {flow.uses.length ? flow.uses.map((u) => u.kind === 'task' ? <a key={u.id} class="mono" href={href(['apps', appKey, 'tasks', u.id])}>{u.id} </a> : `${u.kind} ${u.id} `) : '—'}</span>
        <button type="button" onClick={() => setAsking(true)}>{t('flowDelete.button')}</button>
      </div>
      <ErrorNote error={deleteError} />
      <Confirm open={asking} title={t('flowDelete.title', { id: flow.id })} confirmLabel={t('flowDelete.button')} onConfirm={() => void remove()} onCancel={() => setAsking(false)}>
        <p>{t('flowDelete.body')}</p>
      </Confirm>
      <div class="grid">
        <article class="card wide">
          <h2>{t('flows.nodes')} · v{flow.version}</h2>
          <FlowNodes flow={flow.flow} />
        </article>
        <article class="card">
          <h2>{t('flows.versions')}</h2>
          <TableWrap label={t('flows.versions')} stale={stale}>
            <thead><tr><th scope="col">{t('flows.version')}</th><th scope="col">{t('flows.noteCol')}</th><th scope="col">{t('pushes.created')}</th></tr></thead>
            <tbody>{versions.map((v) => (
              <tr key={v.version} data-testid="flow-version">
                <td>{v.version === flow.version ? <strong aria-current="true">v{v.version}</strong> : <a href={href(['apps', appKey, 'flows', flowId], { version: String(v.version) })}>v{v.version}</a>}</td>
                <td>{v.note ?? ''}</td><td><Time iso={v.createdAt} /></td>
              </tr>
            ))}</tbody>
          </TableWrap>
        </article>
        <article class="card">
          <h2>{t('flows.newVersion')}</h2>
          <p class="muted small">{t('flows.newVersionHint', { v: flow.version, next: newest + 1 })}</p>
          <FlowEditor key={`${flow.id}|${flow.version}|${newest}`} appKey={appKey} initial={flow.flow} saveLabel={t('flows.saveVersion')} onSave={addVersion} />
        </article>
      </div>
    </section>
  );
}
