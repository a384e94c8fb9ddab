import { isMessageKey, t } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import { roleName } from './roles.js';

type Label = { readonly zh: string; readonly en: string };

/** What happened to a data value, as the audit trail stores it (DHIS2's audit types) and as people read it. */
export const VALUE_AUDIT_LABELS: Readonly<Record<string, Label>> = {
  CREATE: { zh: '新增', en: 'created' },
  UPDATE: { zh: '修改', en: 'changed' },
  DELETE: { zh: '删除', en: 'deleted' },
};

/** The security and administration events of the event log (`audit_event.action`). */
export const EVENT_ACTION_LABELS: Readonly<Record<string, Label>> = {
  login: { zh: '登录', en: 'signed in' },
  'login.failed': { zh: '登录失败', en: 'sign-in failed' },
  'login.limited': { zh: '登录尝试过多被限制', en: 'sign-in rate-limited' },
  'login.locked': { zh: '账号被临时锁定', en: 'account locked' },
  'password.change': { zh: '修改密码', en: 'password changed' },
  'token.create': { zh: '创建访问令牌', en: 'API token created' },
  'user.save': { zh: '保存用户', en: 'user saved' },
  'user.update': { zh: '修改用户', en: 'user changed' },
  'user.disable': { zh: '停用用户', en: 'user disabled' },
  'lock.exception.grant': { zh: '授予锁定例外', en: 'lock exception granted' },
  'lock.exception.revoke': { zh: '撤销锁定例外', en: 'lock exception revoked' },
  'metadata.delete': { zh: '删除元数据', en: 'metadata deleted' },
  'metadata.save': { zh: '保存元数据', en: 'metadata saved' },
  'metadata.import': { zh: '导入元数据', en: 'metadata imported' },
  'approval.approve': { zh: '审核通过', en: 'approved' },
  'approval.unapprove': { zh: '撤销审核', en: 'unapproved' },
  'approval.accept': { zh: '上级接受', en: 'accepted' },
  'approval.unaccept': { zh: '撤销接受', en: 'acceptance withdrawn' },
  'dataset.complete': { zh: '报表标记完成', en: 'form marked complete' },
  'dataset.incomplete': { zh: '报表撤销完成', en: 'form marked incomplete' },
};

const FIELD_LABELS: Readonly<Record<string, Label>> = {
  role: { zh: '角色', en: 'role' },
  disabled: { zh: '停用状态', en: 'disabled' },
  password: { zh: '密码', en: 'password' },
  displayName: { zh: '姓名', en: 'name' },
  capture: { zh: '填报范围', en: 'capture scope' },
  view: { zh: '查看范围', en: 'view scope' },
  captureOrgUnits: { zh: '填报范围', en: 'capture scope' },
  viewOrgUnits: { zh: '查看范围', en: 'view scope' },
};

const pick = (l: Label, locale: Locale): string => (locale === 'en' ? l.en : l.zh);

/** A code in the reader's language; an unknown code (a newer or older version's) as itself. */
export function valueAuditLabel(type: string, locale: Locale = 'zh-CN'): string {
  const l = VALUE_AUDIT_LABELS[type];
  return l ? pick(l, locale) : type;
}

export function eventActionLabel(action: string, locale: Locale = 'zh-CN'): string {
  const l = EVENT_ACTION_LABELS[action];
  return l ? pick(l, locale) : action;
}

/**
 * An event's detail in the reader's language. The log stores short machine forms (`role=stats`,
 * `failure 3, locked`, the names of changed fields); free text typed by a person (a reason) is
 * shown as it was typed.
 */
export function eventDetailText(action: string, detail: string | null, locale: Locale = 'zh-CN'): string {
  if (detail === null || detail === '') {
    return '';
  }
  const en = locale === 'en';
  const role = /^role=(\S+)$/.exec(detail);
  if (role?.[1] !== undefined) {
    return `${en ? 'role' : '角色'}${en ? ': ' : '：'}${roleName(role[1], locale)}`;
  }
  const failure = /^failure (\d+)(, locked)?$/.exec(detail);
  if (failure) {
    const n = failure[1] ?? '';
    const locked = failure[2] !== undefined;
    return en
      ? `failure ${n}${locked ? ', account locked' : ''}`
      : `第 ${n} 次失败${locked ? '，账号已锁定' : ''}`;
  }
  if (action === 'login.limited' && detail === 'address') {
    return en ? 'too many attempts from this address' : '同一地址尝试过多';
  }
  if (action === 'login.failed' && detail === 'unknown or disabled account') {
    return en ? 'unknown or disabled account' : '账号不存在或已停用';
  }
  if (action === 'metadata.import' && detail.startsWith('{')) {
    const counts = parseCounts(detail);
    if (counts) {
      return counts.map(([kind, n]) => `${kindName(kind, locale)} ${n}`).join(en ? ', ' : '、');
    }
  }
  if (action === 'user.update' || action === 'user.disable') {
    const fields = detail.split(',');
    if (fields.every((f) => FIELD_LABELS[f] !== undefined)) {
      return fields.map((f) => pick(FIELD_LABELS[f] as Label, locale)).join(en ? ', ' : '、');
    }
  }
  return detail;
}

/**
 * An event's target as people read it: a deleted metadata object (`orgUnits/<uid>`) by its kind,
 * its name being the detail; other targets (usernames, `dataSet/orgUnit/period` codes) as stored.
 */
export function eventTargetText(action: string, target: string | null, locale: Locale = 'zh-CN'): string {
  if (target === null) {
    return '';
  }
  const object =
    action === 'metadata.delete' || action === 'metadata.save' ? /^(\w+)\/(.*)$/.exec(target) : null;
  if (object?.[1] !== undefined) {
    // A deleted object's name is the detail; a saved one is named by the id its address used.
    return action === 'metadata.save'
      ? `${kindName(object[1], locale)} ${object[2] ?? ''}`
      : kindName(object[1], locale);
  }
  return target;
}

function kindName(kind: string, locale: Locale): string {
  const key = `metadataKind.${kind}`;
  return isMessageKey(key) ? t(locale, key) : kind;
}

function parseCounts(json: string): [string, number][] | null {
  try {
    const v: unknown = JSON.parse(json);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      return null;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.every(([, n]) => typeof n === 'number') ? (entries as [string, number][]) : null;
  } catch {
    return null;
  }
}

/** A value's status (`preliminary` / `final` / `revised`) in the reader's words. */
export const VALUE_STATUS_LABELS: Readonly<Record<string, Label>> = {
  preliminary: { zh: '初步', en: 'preliminary' },
  final: { zh: '正式', en: 'final' },
  revised: { zh: '修订', en: 'revised' },
};

export function valueStatusLabel(status: string, locale: Locale = 'zh-CN'): string {
  const l = VALUE_STATUS_LABELS[status];
  return l ? pick(l, locale) : status;
}
