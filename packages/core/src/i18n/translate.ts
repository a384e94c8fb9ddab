import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import type { MessageKey, Messages } from './zh-CN.js';

export const Locale = { ZH_CN: 'zh-CN', EN: 'en' } as const;
export type Locale = (typeof Locale)[keyof typeof Locale];

const catalogues: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export type MessageParams = Readonly<Record<string, string | number>>;

/** Resolves a locale tag such as `en-US` or `zh` to one we ship; Chinese is the default. */
export function resolveLocale(tag: string | undefined | null): Locale {
  if (tag && tag.toLowerCase().startsWith('en')) {
    return Locale.EN;
  }
  return Locale.ZH_CN;
}

/** Formats a catalogue message, replacing `{name}` placeholders with the given parameters. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogues[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}
