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

/** The five roles of a district system and their authorities. */
export const ROLES = {
  admin: { name: '系统管理员', authorities: ['ALL'] },
  stats: { name: '区统计人员', authorities: ['DATA_READ', 'DATA_WRITE', 'DATA_APPROVE', 'ANALYTICS_READ', 'METADATA_READ', 'METADATA_WRITE', 'AUDIT_READ'] },
  clerk: { name: '机构填报员', authorities: ['DATA_READ', 'DATA_WRITE', 'DATA_APPROVE', 'ANALYTICS_READ', 'METADATA_READ'] },
  viewer: { name: '查看者', authorities: ['DATA_READ', 'ANALYTICS_READ', 'METADATA_READ'] },
  cdc: { name: '疾控流调人员', authorities: ['DATA_READ', 'ANALYTICS_READ', 'METADATA_READ', 'SURVEILLANCE'] },
} as const satisfies Record<string, { name: string; authorities: readonly Authority[] }>;
export type Role = keyof typeof ROLES;

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
