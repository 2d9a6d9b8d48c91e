// How times, durations and numbers read in the console's language. Times are the browser's local
// time; the full ISO instant is in each time's title (hover) and in the API.

import type { Lang } from '../i18n';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

export function time(iso: string | undefined, lang: Lang, withDate = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
  if (withDate) Object.assign(opts, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return new Intl.DateTimeFormat(locale(lang), opts).format(d);
}

export function seconds(s: number | undefined, lang: Lang): string {
  if (s === undefined) return '—';
  return `${new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(s)} s`;
}

export function percent(r: number | undefined, lang: Lang): string {
  if (r === undefined) return '—';
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(r);
}

export function count(n: number | undefined, lang: Lang): string {
  return n === undefined ? '—' : new Intl.NumberFormat(locale(lang)).format(n);
}

/** A local datetime-local input value as an ISO instant (the API's filters take ISO 8601). */
export function localToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

/** An ISO instant as a datetime-local input's value. */
export function isoToLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
