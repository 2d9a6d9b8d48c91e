// A flow's JSON in a text area, checked by the API (POST /v1/flows/validate, with the app: its
// media, numbers and recording too) and listed node by node with each error beside its node (an
// error's JSON Pointer /nodes/<i>/... names the node). A save that the API refuses with
// VX.FLOW_INVALID shows its errors the same way. The console checks nothing of its own.

import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Field, Status, TableWrap } from './bits';

export interface FlowError { code: string; node?: string; path: string; message: string }
interface Validation { valid: boolean; errors: FlowError[]; errorCount: number; variables: string[] }
type Node = { id?: unknown; type?: unknown } & Record<string, unknown>;

/** The node index an error's pointer names, or undefined for an error of the flow as a whole. */
const nodeIndex = (path: string): number | undefined => {
  const m = /^\/nodes\/(\d+)(\/|$)/.exec(path);
  return m ? Number(m[1]) : undefined;
};

/** A node's fields beside id and type, compact, for the table. */
const rest = (n: Node): string => {
  const { id: _id, type: _type, ...others } = n;
  return Object.keys(others).length ? JSON.stringify(others) : '';
};

export function FlowNodes({ flow, errors = [] }: { flow: unknown; errors?: FlowError[] }) {
  const { t } = useI18n();
  const nodes = Array.isArray((flow as { nodes?: unknown })?.nodes) ? ((flow as { nodes: unknown[] }).nodes) : [];
  const start = (flow as { start?: unknown })?.start;
  const general = errors.filter((e) => nodeIndex(e.path) === undefined);
  return (
    <>
      {general.length ? <ul class="error plain" role="alert" data-testid="flow-errors">{general.map((e, i) => <li key={i}><span class="mono">{e.path || '/'}</span> {e.message}</li>)}</ul> : null}
      <TableWrap label={t('flows.nodes')}>
        <thead><tr><th scope="col">#</th><th scope="col">ID</th><th scope="col">{t('flows.type')}</th><th scope="col">{t('flows.fields')}</th><th scope="col">{t('flows.errors')}</th></tr></thead>
        <tbody>{nodes.map((raw, i) => {
          const n = (raw && typeof raw === 'object' ? raw : {}) as Node;
          const mine = errors.filter((e) => nodeIndex(e.path) === i);
          return (
            <tr key={i} data-testid="flow-node" class={mine.length ? 'invalid-row' : undefined}>
              <td class="nums">{i}</td>
              <td class="mono">{String(n.id ?? '—')}{n.id === start ? <small class="block muted">{t('flows.start')}</small> : null}</td>
              <td>{String(n.type ?? '—')}</td>
              <td class="mono"><span class="excerpt">{rest(n)}</span></td>
              <td>{mine.length ? <ul class="plain field-error" data-testid="node-errors">{mine.map((e, j) => <li key={j}><span class="mono">{e.path}</span>: {e.message}</li>)}</ul> : <span class="muted">—</span>}</td>
            </tr>
          );
        })}</tbody>
      </TableWrap>
    </>
  );
}

export function FlowEditor(props: { appKey: string; initial: unknown; saveLabel: string; onSave: (flow: unknown, note: string) => Promise<boolean | void> }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(props.initial ?? { start: 'hi', nodes: [{ id: 'hi', type: 'say', text: 'Hello', next: 'bye' }, { id: 'bye', type: 'hangup' }] }, null, 2));
  const [note, setNote] = useState('');
  const [parseError, setParseError] = useState<string | undefined>();
  const [result, setResult] = useState<{ flow: unknown; errors: FlowError[]; errorCount: number; variables?: string[]; saved?: boolean } | undefined>();
  const [other, setOther] = useState<Error | undefined>();
  const parsed = (): unknown => {
    setParseError(undefined);
    setOther(undefined);
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      setParseError(t('flows.notJson', { why: (e as Error).message }));
      return undefined;
    }
  };
  const validate = async (e?: Event) => {
    e?.preventDefault();
    const flow = parsed();
    if (flow === undefined) return;
    try {
      const v = await api<Validation>('POST', '/flows/validate', { flow, appKey: props.appKey });
      setResult({ flow, errors: v.errors, errorCount: v.errorCount, variables: v.variables });
    } catch (err) {
      setOther(err as Error);
    }
  };
  const save = async () => {
    const flow = parsed();
    if (flow === undefined) return;
    try {
      // false: refused, and the caller showed why (under a field of its own).
      if ((await props.onSave(flow, note.trim())) === false) return setResult(undefined);
      setResult({ flow, errors: [], errorCount: 0, saved: true });
      setNote('');
    } catch (err) {
      const listed = err instanceof ApiError ? (err.detail?.errors as FlowError[] | undefined) : undefined;
      if (listed) setResult({ flow, errors: listed, errorCount: Number(err instanceof ApiError ? err.detail?.errorCount ?? listed.length : listed.length) });
      else setOther(err as Error);
    }
  };
  return (
    <form class="flow-editor" onSubmit={(e) => void validate(e)} noValidate>
      <Field label={t('flows.json')} name="flow-json" error={parseError} hint={t('flows.jsonHint')}>
        <textarea id="flow-json" rows={14} spellcheck={false} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </Field>
      <Field label={t('flows.note')} name="flow-note">
        <input id="flow-note" type="text" maxLength={256} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <div class="filter-actions">
        <button type="submit">{t('flows.validate')}</button>
        <button type="button" class="primary" onClick={() => void save()}>{props.saveLabel}</button>
      </div>
      <ErrorNote error={other} />
      {/* Mounted before the first result: its live region announces each one. */}
      <div class="validation" data-testid="flow-validation">
        <Status class={result?.errorCount ? 'error' : 'note'} text={result ? `${result.saved ? t('flows.saved') : result.errorCount ? t('flows.invalid', { n: result.errorCount }) : t('flows.valid')}${result.variables?.length ? ` ${t('flows.variables')}: ${result.variables.join(', ')}` : ''}` : undefined} />
        {result && !result.saved ? <FlowNodes flow={result.flow} errors={result.errors} /> : null}
      </div>
    </form>
  );
}
