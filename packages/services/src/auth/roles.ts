// The roles and authorities are domain vocabulary shared with the web app: they live in core.
export { Authority, hasAuthority, isRole, ROLES } from '@healthwatch/core';
export type { Role } from '@healthwatch/core';
