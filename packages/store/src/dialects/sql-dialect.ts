/** The two storage engines. Dialect-specific SQL lives only in this folder. */
export const SqlDialect = { SQLITE: 'sqlite', POSTGRES: 'postgres' } as const;
export type SqlDialect = (typeof SqlDialect)[keyof typeof SqlDialect];
