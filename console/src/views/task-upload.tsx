// A task's rows from a CSV file (POST …/tasks/:taskId/upload, Content-Type text/csv; docs/tasks.md
// "Rows"): the file goes as it is, the answer says how many rows were added and lists the refused
// ones with their index (1-based in the file, the header not counted), reason and detail.

import { useState } from 'preact/hooks';
import { apiUpload, ApiError } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Status, TableWrap } from '../ui/bits';

interface Answer { added: number; rowCount: number; refusedCount: number; refused: Array<{ index: number; reason: string; detail?: string }> }

export function UploadRows({ base, onUploaded }: { base: string; onUploaded: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | undefined>();
  const [answer, setAnswer] = useState<Answer | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const upload = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setAnswer(undefined);
    setBusy(true);
    try {
      setAnswer(await apiUpload<Answer>('POST', `${base}/upload`, file, 'text/csv'));
      onUploaded();
    } catch (err) {
      setError(err instanceof ApiError && /^\d+$/.test(err.code) ? new Error(`${err.code}: ${err.message}`) : (err as Error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="card">
      <h2>{t('upload.title')}</h2>
      <p class="muted small">{t('upload.intro')}</p>
      <form class="inline-form" onSubmit={(e) => void upload(e)}>
        <div class="field">
          <label for="rows-file">{t('upload.file')}</label>
          <input id="rows-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0])} />
        </div>
        <button type="submit" class="primary" disabled={!file || busy}>{t('upload.submit')}</button>
      </form>
      <ErrorNote error={error} />
      {/* Mounted before the answer: its live region announces the result when it arrives. */}
      <div data-testid="upload-answer">
        <Status text={answer ? t('upload.result', { added: answer.added, refused: answer.refusedCount, total: answer.rowCount }) : undefined} />
        {answer ? <>
          {answer.refused.length > 0 ? (
            <TableWrap label={t('upload.refused')}>
              <thead><tr><th scope="col">{t('upload.index')}</th><th scope="col">{t('upload.reason')}</th><th scope="col">{t('upload.detail')}</th></tr></thead>
              <tbody>{answer.refused.map((r) => (
                <tr key={r.index} data-testid="refused-row"><td class="nums">{r.index}</td><td class="mono">{r.reason}</td><td>{r.detail ?? ''}</td></tr>
              ))}</tbody>
            </TableWrap>
          ) : null}
          {answer.refusedCount > answer.refused.length ? <p class="muted small">{t('upload.more', { n: answer.refusedCount - answer.refused.length })}</p> : null}
        </> : null}
      </div>
    </article>
  );
}
