// One call: its numbers and state, the hangup reason with its meaning, the timeline (legs, each
// event at its time, media, digits), the CDR, every push it caused with every attempt, and its
// recording. Polled every second while the call runs or a push of it is queued: the timeline of a
// test call fills in as it happens.

import { Fragment } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import { HANGUP_ZH } from '../i18n/zh';
import { usePoll } from '../poll';
import { href } from '../router';
import { Attempts, type Attempt } from '../ui/attempts';
import { Badge, ErrorNote, Loading, TableWrap, Time } from '../ui/bits';
import { seconds } from '../ui/format';
import type { CallSummary } from './calls';

interface Leg { leg: 'A' | 'B'; number: string; shown: string; startAt?: string; alertingAt?: string; answerAt?: string; endAt?: string; q850?: number; sipStatus?: number }
interface CallEvent { seq: number; type: string; leg: string; at: string; digitInfo?: string; stateCode?: number; stateDesc?: string; partyType?: string }
interface Push { id: string; format: string; kind: string; url: string; state: string; attempts: Attempt[] }
export interface CallDetail {
  call: CallSummary;
  userData?: string;
  legs: Leg[];
  events: CallEvent[];
  media: Array<{ what: string; kind: string; name: string; params?: string[] }>;
  digits: string[];
  hangup?: { outcome: string; stateCode: number; meaning: string; ulFailReason: number; sipStatus: number; partyType: string };
  record?: Record<string, unknown>;
  recording?: { objectName: string; recordDomain: string; startAt: string; endAt: string; link?: string };
  pushes: Push[];
}

const LIVE_MS = 1000;

// The legs the call will have, shown from the start (times '—' until they happen), so a leg's
// row appearing mid-call does not push the events down. A flow's transfer adds a B leg later.
function legRows(d: CallDetail): Leg[] {
  const want: Array<Leg['leg']> = d.call.kind === 'callback' || d.legs.some((l) => l.leg === 'B') ? ['A', 'B'] : ['A'];
  return want.map((leg) => d.legs.find((l) => l.leg === leg) ?? { leg, number: '—', shown: '—' });
}

function Timeline({ d }: { d: CallDetail }) {
  const { t, tv, lang } = useI18n();
  return (
    <>
      <TableWrap label={t('call.legs')}>
        <caption>{t('call.legs')}</caption>
        <thead><tr>
          <th scope="col">{t('call.leg')}</th><th scope="col">{t('call.number')}</th><th scope="col">{t('call.shown')}</th>
          <th scope="col">{t('event.callout')}</th><th scope="col">{t('event.alerting')}</th><th scope="col">{t('event.answer')}</th>
          <th scope="col">{t('call.end')}</th><th scope="col">Q.850 / SIP</th>
        </tr></thead>
        <tbody>{legRows(d).map((l) => (
          <tr key={l.leg}>
            <td>{l.leg}</td><td class="nums">{l.number}</td><td class="nums">{l.shown}</td>
            <td><Time iso={l.startAt} date={false} /></td><td><Time iso={l.alertingAt} date={false} /></td>
            <td><Time iso={l.answerAt} date={false} /></td><td><Time iso={l.endAt} date={false} /></td>
            <td>{l.q850 || l.sipStatus ? `${l.q850 ?? 0} / ${l.sipStatus ?? 0}` : '—'}</td>
          </tr>
        ))}</tbody>
      </TableWrap>
      <div class="two">
        <div>
          <h3>{t('call.media')}</h3>
          <ul class="plain">{d.media.map((m) => (
            <li key={m.what}><code>{m.what}</code> {tv('media', m.kind)}: {m.name}{m.params?.length ? ` (${m.params.join(', ')})` : ''}</li>
          ))}</ul>
        </div>
        <div>
          <h3>{t('call.digitsCollected')}</h3>
          <p data-testid="digits">{d.digits.length ? d.digits.map((x, i) => <code key={i}>{x}</code>) : <span class="muted">{t('call.noDigits')}</span>}</p>
        </div>
      </div>
      <h3>{t('call.events')}</h3>
      <ol class="timeline" data-testid="timeline" aria-live="polite">
        {d.events.length === 0 ? <li class="muted">{t('call.noEvents')}</li> : null}
        {d.events.map((e) => (
          <li key={e.seq} data-event={e.type}>
            <Time iso={e.at} date={false} />
            <strong>{tv('event', e.type)}</strong>
            <span class="muted">{t('call.leg')} {e.leg}</span>
            {e.digitInfo !== undefined ? <span>{t('call.digits')}: <code>{e.digitInfo}</code></span> : null}
            {e.stateCode !== undefined ? <span>{e.stateCode} · {lang === 'zh' ? HANGUP_ZH[e.stateCode] ?? e.stateDesc : e.stateDesc}</span> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

// While the call runs, the same five lines with '—': the reason arriving fills them in place.
function Hangup({ h }: { h: CallDetail['hangup'] }) {
  const { t, tv, lang } = useI18n();
  if (!h) {
    return (
      <dl class="kv" data-testid="hangup-pending" aria-label={t('call.notEnded')}>
        <dt>{t('filters.outcome')}</dt><dd><Badge value={t('outcome.in_progress')} kind="in_progress" /></dd>
        <dt>{t('call.stateCode')}</dt><dd>—</dd><dt>{t('call.ulFailReason')}</dt><dd>—</dd><dt>SIP</dt><dd>—</dd><dt>{t('call.partyType')}</dt><dd>—</dd>
      </dl>
    );
  }
  const meaning = lang === 'zh' ? HANGUP_ZH[h.stateCode] ?? h.meaning : h.meaning;
  return (
    <dl class="kv" data-testid="hangup">
      <dt>{t('filters.outcome')}</dt><dd><Badge value={tv('outcome', h.outcome)} kind={h.outcome} /></dd>
      <dt>{t('call.stateCode')}</dt><dd><strong>{h.stateCode}</strong> — {meaning}</dd>
      <dt>{t('call.ulFailReason')}</dt><dd>{h.ulFailReason}</dd>
      <dt>SIP</dt><dd>{h.sipStatus || '—'}</dd>
      <dt>{t('call.partyType')}</dt><dd>{tv('party', h.partyType)}</dd>
    </dl>
  );
}

function Cdr({ record }: { record: Record<string, unknown> }) {
  const { t } = useI18n();
  return (
    <details class="cdr">
      <summary>{t('call.cdrFields', { n: Object.keys(record).length })}</summary>
      <dl class="kv">
        {Object.entries(record).map(([k, v]) => (
          <Fragment key={k}><dt><code>{k}</code></dt><dd>{typeof v === 'object' ? <code>{JSON.stringify(v)}</code> : String(v)}</dd></Fragment>
        ))}
      </dl>
    </details>
  );
}

/**
 * The recording's link, kept while it is valid: the API signs a new one at every load, and a new
 * `src` every second (the page polls while a push is queued) would restart the player.
 */
function useSteadyLink(rec: CallDetail['recording']): string | undefined {
  const kept = useRef<{ name: string; link: string } | undefined>(undefined);
  const next = rec?.link;
  if (!rec || !next) return undefined;
  const expires = (link: string) => Number(new URL(link, location.href).searchParams.get('expires') ?? 'Infinity');
  if (kept.current?.name !== rec.objectName || expires(kept.current.link) - Date.now() < 60_000) kept.current = { name: rec.objectName, link: next };
  return kept.current.link;
}

export function CallView({ sessionId }: { sessionId: string }) {
  const { t, tv, lang } = useI18n();
  const [live, setLive] = useState(true);
  const { data: d, error, reload } = usePoll(async () => {
    const got = await api<CallDetail>('GET', `/calls/${encodeURIComponent(sessionId)}`);
    setLive(got.call.state === 'active' || got.pushes.some((p) => p.state === 'queued'));
    return got;
  }, live ? LIVE_MS : null, sessionId);
  const [stopError, setStopError] = useState<Error | undefined>();
  const stop = async () => {
    try {
      await api('POST', `/calls/${encodeURIComponent(sessionId)}/stop`);
      reload();
    } catch (e) {
      setStopError(e as Error);
    }
  };
  const link = useSteadyLink(d?.recording);
  if (!d) return <section><h1>{t('call.title')}</h1><ErrorNote error={error} />{error ? null : <Loading />}</section>;
  const c = d.call;
  const recording = d.recording && link ? { ...d.recording, link } : undefined;
  return (
    <section>
      <p><a href={href(['calls'])}>← {t('calls.title')}</a></p>
      <h1>{t('call.title')} <span class="mono small">{c.sessionId}</span></h1>
      <ErrorNote error={error ?? stopError} />
      <div class="summary">
        <Badge value={c.state === 'active' ? t('outcome.in_progress') : tv('outcome', c.outcome)} kind={c.state === 'active' ? 'in_progress' : c.outcome} />
        <span>{tv('kind', c.kind)}</span>
        <span class="nums">{c.numbers.caller ? `${c.numbers.caller} → ` : ''}{c.numbers.callee}</span>
        <span>{t('calls.placed')}: <Time iso={c.createdAt} /></span>
        <span>{t('calls.talk')}: {seconds(c.talkSeconds, lang)}</span>
        <span class="muted">{live ? t('call.live') : t('call.final')}</span>
        {/* Kept in place (hidden) once the call ended, so the line does not reflow on a phone. */}
        <button type="button" onClick={() => void stop()} class={c.state === 'active' ? undefined : 'gone'} disabled={c.state !== 'active'}>{t('call.stop')}</button>
      </div>
      {/* Cards that keep their size above, cards that grow with the call below and side by side:
          an event or a push arriving lengthens its own column and moves nothing already shown. */}
      <div class="grid">
        <article class="card">
          <h2>{t('call.hangup')}</h2>
          <Hangup h={d.hangup} />
          {d.record ? <Cdr record={d.record} /> : <p class="cdr muted">{t('call.cdrPending')}</p>}
        </article>
        <article class="card">
          <h2>{t('call.recording')}</h2>
          <div class="recording-body">
            {recording
              ? <>
                  <audio controls preload="none" src={recording.link} aria-label={t('call.recording')} />
                  <p><a href={recording.link} download={recording.objectName}>{t('call.download')} {recording.objectName}</a></p>
                </>
              : <p class="muted">{t('call.noRecording')}</p>}
          </div>
        </article>
        <article class="card"><h2>{t('call.timeline')}</h2><Timeline d={d} /></article>
        <article class="card">
          <h2>{t('call.pushes', { n: d.pushes.length })}</h2>
          {d.pushes.map((p) => (
            <div class="push-block" key={p.id} data-testid="call-push">
              <p>
                <a href={href(['pushes', p.id])} class="mono">{p.id}</a> <Badge value={tv('pushState', p.state)} kind={p.state} />{' '}
                <span>{p.format} · {tv('pushKind', p.kind)}</span> <span class="url">{p.url}</span>
              </p>
              <Attempts attempts={p.attempts} label={t('push.attempts')} />
            </div>
          ))}
        </article>
      </div>
    </section>
  );
}
