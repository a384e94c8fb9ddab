import type { Locale } from '../i18n/translate.js';

/** What a user may do. Org-unit scopes limit *where*; authorities say *what*. */
export const Authority = {
  ALL: 'ALL',
  DATA_READ: 'DATA_READ',
  DATA_WRITE: 'DATA_WRITE',
  ANALYTICS_READ: 'ANALYTICS_READ',
  METADATA_READ: 'METADATA_READ',
  METADATA_WRITE: 'METADATA_WRITE',
  AUDIT_READ: 'AUDIT_READ',
  USER_ADMIN: 'USER_ADMIN',
  SURVEILLANCE: 'SURVEILLANCE',
  /** Approve (and unapprove) data at units of the capture scope; accept the approvals of the units below. */
  DATA_APPROVE: 'DATA_APPROVE',
  /** Enter or correct data of periods closed by expiry days without an exception. */
  DATA_EDIT_EXPIRED: 'DATA_EDIT_EXPIRED',
} as const;
export type Authority = (typeof Authority)[keyof typeof Authority];

/**
 * The five roles of a district system: their names (Chinese first, as stored in reports and
 * messages; English for `--lang en` and the English web app) and their authorities. The server
 * checks the authorities; the web app shows the names and hides what a role cannot use.
 */
export const ROLES = {
  admin: { name: '系统管理员', en: 'Administrator', authorities: ['ALL'] },
  stats: {
    name: '区统计人员',
    en: 'District statistician',
    authorities: [
      'DATA_READ',
      'DATA_WRITE',
      'DATA_APPROVE',
      'ANALYTICS_READ',
      'METADATA_READ',
      'METADATA_WRITE',
      'AUDIT_READ',
    ],
  },
  clerk: {
    name: '机构填报员',
    en: 'Institution clerk',
    authorities: ['DATA_READ', 'DATA_WRITE', 'DATA_APPROVE', 'ANALYTICS_READ', 'METADATA_READ'],
  },
  viewer: { name: '查看者', en: 'Viewer', authorities: ['DATA_READ', 'ANALYTICS_READ', 'METADATA_READ'] },
  cdc: {
    name: '疾控流调人员',
    en: 'CDC epidemiologist',
    authorities: ['DATA_READ', 'ANALYTICS_READ', 'METADATA_READ', 'SURVEILLANCE'],
  },
} as const satisfies Record<string, { name: string; en: string; authorities: readonly Authority[] }>;
export type Role = keyof typeof ROLES;

/** The role codes in the order people read them (administrator first). */
export const ROLE_CODES: readonly Role[] = Object.keys(ROLES) as Role[];

export function isRole(s: string): s is Role {
  return Object.hasOwn(ROLES, s);
}

export function hasAuthority(role: string, a: Authority): boolean {
  if (!isRole(role)) {
    return false;
  }
  const list: readonly Authority[] = ROLES[role].authorities;
  return list.includes('ALL') || list.includes(a);
}

/** A role's name in the reader's language; an unknown code (an account from an older version) as itself. */
export function roleName(role: string, locale: Locale = 'zh-CN'): string {
  return isRole(role) ? (locale === 'en' ? ROLES[role].en : ROLES[role].name) : role;
}
