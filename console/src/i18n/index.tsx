// English and Chinese: the browser's language chooses (zh-* reads Chinese, anything else English),
// the header's switch overrides it for this browser (localStorage: a preference, not a secret).
// Every string the console shows is a key of the two catalogues; zh.ts must have every key of en.ts
// (its type says so), so a string cannot be left untranslated.

import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type Lang = 'en' | 'zh';
export type { MessageKey };
const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, zh };
const PREF = 'voxcall.lang';

export function browserLang(languages: readonly string[] = navigator.languages): Lang {
  const first = languages[0] ?? 'en';
  return first.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function initialLang(): Lang {
  const saved = localStorage.getItem(PREF);
  return saved === 'en' || saved === 'zh' ? saved : browserLang();
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const cat = CATALOGUES[lang];
  return (key, vars) => cat[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
}

/** A value from the API in words: the catalogue's `prefix.value` when there is one, else the value. */
export type TranslateValue = (prefix: string, value: string | undefined) => string;

function valueTranslator(lang: Lang): TranslateValue {
  const cat = CATALOGUES[lang] as Record<string, string>;
  return (prefix, value) => (value === undefined ? '—' : cat[`${prefix}.${value}`] ?? value);
}

interface I18n {
  lang: Lang;
  t: Translate;
  tv: TranslateValue;
  setLang: (l: Lang) => void;
}

const Ctx = createContext<I18n>({ lang: 'en', t: translator('en'), tv: valueTranslator('en'), setLang: () => undefined });

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translator(lang)('app.title');
  }, [lang]);
  const setLang = (l: Lang) => {
    localStorage.setItem(PREF, l);
    setLangState(l);
  };
  return <Ctx.Provider value={{ lang, t: translator(lang), tv: valueTranslator(lang), setLang }}>{children}</Ctx.Provider>;
}

export const useI18n = (): I18n => useContext(Ctx);
