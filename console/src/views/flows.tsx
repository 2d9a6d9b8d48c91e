// An app's dialogue flows (paged on the server, nextCursor) and a form for a new one, checked by
// the API beside each node before it is stored.

import { useState } from 'preact/hooks';
import { api, withQuery } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { href, navigate } from '../router';
import { ErrorNote, Field, Loading, TableWrap, Time } from '../ui/bits';
import { FlowEditor } from '../ui/flow-editor';
import { Pager, usePager } from '../ui/pager';

interface FlowSummary { id: string; name: string; version: number; createdAt: string; updatedAt: string; uses: number }
const PAGE = 25;

export function FlowsView({ appKey }: { appKey: string }) {
  const { t } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/flows`;
  const pager = usePager(appKey);
  const { data, error, stale } = usePoll(() => api<{ flows: FlowSummary[]; nextCursor?: string }>('GET', withQuery(base, { limit: PAGE, cursor: pager.cursor })), null, `${appKey}|${pager.cursor ?? ''}`);
  const [id, setId] = useState('');
  const [idError, setIdError] = useState<string | undefined>();
  const create = async (flow: unknown, note: string) => {
    setIdError(undefined);
    try {
      const made = await api<{ id: string }>('POST', base, { flow, ...(id.trim() ? { id: id.trim(), name: id.trim() } : {}), ...(note ? { note } : {}) });
      navigate(href(['apps', appKey, 'flows', made.id]));
      return true;
    } catch (e) {
      // A refusal of the id (pattern, taken) goes under the id; a flow's errors to the editor.
      const msg = (e as Error).message;
      if (!/^(body\/)?id\b|already has a flow/.test(msg)) throw e;
      setIdError(msg);
      return false;
    }
  };
  return (
    <section>
      <p><a href={href(['apps', appKey])}>← {t('app.heading')} <span class="mono">{appKey}</span></a></p>
      <h1>{t('flows.title')}</h1>
      <p class="muted">{t('flows.intro')} <a href={href(['apps', appKey, 'tasks'])}>{t('tasks.title')}</a></p>
      <ErrorNote error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <TableWrap label={t('flows.title')} stale={stale}>
            <thead><tr><th scope="col">ID</th><th scope="col">{t('apps.name')}</th><th scope="col">{t('flows.version')}</th><th scope="col">{t('flows.uses')}</th><th scope="col">{t('flows.updated')}</th></tr></thead>
            <tbody>
              {data.flows.length === 0 ? <tr><td colSpan={5} class="muted">{t('flows.none')}</td></tr> : null}
              {data.flows.map((f) => (
                <tr key={f.id} data-testid="flow-row">
                  <td><a class="mono" href={href(['apps', appKey, 'flows', f.id])}>{f.id}</a></td>
                  <td>{f.name}</td><td class="nums">{f.version}</td><td class="nums">{f.uses}</td><td><Time iso={f.updatedAt} /></td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
          <Pager page={pager.page} hasNext={data.nextCursor !== undefined} onNext={() => data.nextCursor && pager.next(data.nextCursor)} onPrev={pager.prev} />
        </>
      ) : null}
      <article class="card">
        <h2>{t('flows.new')}</h2>
        <Field label={t('flows.id')} name="flow-id" error={idError}>
          <input id="flow-id" type="text" maxLength={64} value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </Field>
        <FlowEditor appKey={appKey} initial={undefined} saveLabel={t('flows.create')} onSave={create} />
      </article>
    </section>
  );
}
