import type { Locale } from '@healthwatch/core';
import { createContext, useContext } from 'react';
import { en } from './en';
import type { MessageKey } from './zh-CN';
import { zhCN } from './zh-CN';

// The languages are core's locales, so core's catalogues (value checks, period names) render in them.
export const LANGUAGES = ['zh-CN', 'en'] as const satisfies readonly Locale[];
export type Language = (typeof LANGUAGES)[number];

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  const cat = CATALOGUES[lang];
  return (key, vars) => {
    const text = cat[key];
    return vars
      ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
      : text;
  };
}

export interface I18n {
  lang: Language;
  t: Translate;
  setLang: (l: Language) => void;
  /** Numbers in the language's convention (grouping, decimals). */
  num: (v: number | null | undefined, digits?: number) => string;
  pct: (v: number | null | undefined) => string;
  dateTime: (ms: number) => string;
  /** A label from one of core's catalogues (grades, statuses …: `{ zh, en }` per code) in this language. */
  label: (entry: { readonly zh: string; readonly en: string }) => string;
}

export function makeI18n(lang: Language, setLang: (l: Language) => void): I18n {
  const nf = new Map<number, Intl.NumberFormat>();
  const fmt = (d: number): Intl.NumberFormat => {
    let f = nf.get(d);
    if (!f) {
      f = new Intl.NumberFormat(lang, { maximumFractionDigits: d });
      nf.set(d, f);
    }
    return f;
  };
  const dtf = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });
  return {
    lang,
    t: translator(lang),
    setLang,
    num: (v, digits = 2) =>
      v === null || v === undefined || !Number.isFinite(v) ? '—' : fmt(digits).format(v),
    pct: (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${Math.round(v * 100)}%`),
    dateTime: (ms) => dtf.format(new Date(ms)),
    label: (entry) => (lang === 'en' ? entry.en : entry.zh),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('zh-CN', () => undefined));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function initialLanguage(): Language {
  const saved = localStorage.getItem('hw.lang');
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}
