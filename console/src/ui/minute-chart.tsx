// Calls per minute as stacked bars, one per minute, one colour per outcome, in an SVG of fixed
// size (so new data never moves the page). The same figures are in the table beside it.

import type { Translate } from '../i18n';

export const OUTCOME_KEYS = ['answered', 'busy', 'no_answer', 'powered_off', 'vacant', 'rejected', 'unreachable', 'cancelled', 'failed', 'in_progress'] as const;
export type OutcomeKey = (typeof OUTCOME_KEYS)[number];

export interface Minute {
  minute: string;
  counts: Record<string, number>;
}

const W = 600;
const H = 160;

export function MinuteChart({ minutes, t, label }: { minutes: Minute[]; t: Translate; label: string }) {
  const totals = minutes.map((m) => OUTCOME_KEYS.reduce((n, k) => n + (m.counts[k] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = W / Math.max(1, minutes.length);
  const bar = Math.max(2, slot * 0.7);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H + 18}`} role="img" aria-label={label} preserveAspectRatio="none">
        <line x1="0" y1={H} x2={W} y2={H} class="axis" />
        {minutes.map((m, i) => {
          let y = H;
          return (
            <g key={m.minute}>
              {OUTCOME_KEYS.map((k) => {
                const n = m.counts[k] ?? 0;
                if (n === 0) return null;
                const h = (n / max) * (H - 4);
                y -= h;
                return <rect key={k} x={i * slot + (slot - bar) / 2} y={y} width={bar} height={h} class={`o-${k}`}><title>{`${t(`outcome.${k}`)}: ${n}`}</title></rect>;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span class="scale">{t('overview.scale', { max })}</span>
        {OUTCOME_KEYS.map((k) => <span key={k}><i class={`swatch o-${k}`} aria-hidden="true" />{t(`outcome.${k}`)}</span>)}
      </figcaption>
    </figure>
  );
}
