import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import type { MessageKey, Messages } from './zh-CN.js';

export const Locale = { ZH_CN: 'zh-CN', EN: 'en' } as const;
export type Locale = (typeof Locale)[keyof typeof Locale];

const catalogues: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

/**
 * A message named by its key, rendered in the reader's locale when the whole message is: an
 * error's reason or an object kind travels as a reference, never as text fixed in one language.
 */
export interface MessageRef {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

/** A label that core's catalogues give in both languages (grades, statuses: `{ zh, en }`). */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

/**
 * A parameter: a value shown as is, a reference or label rendered in the reader's locale, or a
 * list of values joined the reader's way (、 in Chinese, a comma in English).
 */
export type MessageParam = string | number | MessageRef | LocalizedText | readonly string[];
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** A reference to a catalogue message (see {@link MessageRef}). */
export function msg(key: MessageKey, params?: MessageParams): MessageRef {
  return params ? { key, params } : { key };
}

/** Resolves a locale tag such as `en-US` or `zh` to one we ship; Chinese is the default. */
export function resolveLocale(tag: string | undefined | null): Locale {
  if (tag && tag.toLowerCase().startsWith('en')) {
    return Locale.EN;
  }
  return Locale.ZH_CN;
}

/** Whether a string (e.g. `metadataKind.${kind}` built at run time) names a catalogue message. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/** One parameter as text in a locale: a reference or a two-language label rendered, a value as is. */
export function renderParam(locale: Locale, v: MessageParam): string {
  if (typeof v !== 'object') {
    return String(v);
  }
  if (isList(v)) {
    return v.join(locale === Locale.EN ? ', ' : '、');
  }
  return 'key' in v ? t(locale, v.key, v.params) : locale === Locale.EN ? v.en : v.zh;
}

function isList(v: MessageParam): v is readonly string[] {
  return Array.isArray(v);
}

/** Formats a catalogue message, replacing `{name}` placeholders with the given parameters. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogues[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = Object.hasOwn(params, name) ? params[name] : undefined;
    if (v === undefined) {
      return whole;
    }
    return renderParam(locale, v);
  });
}
