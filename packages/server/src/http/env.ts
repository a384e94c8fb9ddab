import type { Locale } from '@healthwatch/core';
import type { Principal, ServiceContext } from '@healthwatch/services';

/**
 * What every route module finds in `c.var`: the locale (all of /api), and, behind the
 * authenticate middleware, the principal and the service context built from it.
 */
export type Env = { Variables: { principal: Principal; locale: Locale; ctx: ServiceContext } };
