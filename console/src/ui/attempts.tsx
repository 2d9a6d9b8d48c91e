// A push's attempts: number, time, HTTP status, latency, error class and the answer's first bytes.

import { useI18n } from '../i18n';
import { Badge, TableWrap, Time } from './bits';

export interface Attempt {
  n: number;
  at: string;
  ok: boolean;
  latencyMs: number;
  httpStatus?: number;
  errorClass?: string;
  error?: string;
  responseHead?: string;
  url?: string;
}

export function Attempts({ attempts, label }: { attempts: Attempt[]; label: string }) {
  const { t, tv } = useI18n();
  if (attempts.length === 0) return <p class="muted">{t('push.noAttempts')}</p>;
  return (
    <TableWrap label={label}>
      <thead><tr>
        <th scope="col">#</th><th scope="col">{t('attempt.at')}</th><th scope="col">{t('attempt.result')}</th>
        <th scope="col">{t('attempt.status')}</th><th scope="col">{t('attempt.latency')}</th>
        <th scope="col">{t('attempt.errorClass')}</th><th scope="col">{t('attempt.response')}</th>
      </tr></thead>
      <tbody>
        {attempts.map((a) => (
          <tr key={`${a.n}-${a.at}-${a.url ?? ''}`} data-testid="attempt">
            <td>{a.n}</td>
            <td><Time iso={a.at} /></td>
            <td><Badge value={a.ok ? t('attempt.ok') : t('attempt.failed')} kind={a.ok ? 'delivered' : 'failed'} /></td>
            <td>{a.httpStatus ?? '—'}</td>
            <td>{a.latencyMs} ms</td>
            <td>{a.errorClass ? <span title={a.error}>{tv('errorClass', a.errorClass)}</span> : '—'}</td>
            <td><code class="excerpt">{a.responseHead ? a.responseHead.slice(0, 200) : a.error ?? ''}</code></td>
          </tr>
        ))}
      </tbody>
    </TableWrap>
  );
}
