import * as z from 'zod';

/**
 * Answers every resource shares. Answers are strict objects: a field the server adds or drops
 * without changing the contract fails tests/http-contract.int.test.ts, and the OpenAPI document
 * says exactly what comes back.
 */

export const ErrorResponse = z.strictObject({
  error: z.strictObject({
    code: z.string().describe('HW_… (docs/errors.md)'),
    message: z.string(),
    details: z.array(z.strictObject({ path: z.string(), message: z.string() })),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const StatusResponse = z.strictObject({ status: z.literal('ok') });
export type StatusResponse = z.infer<typeof StatusResponse>;

export const HealthResponse = z.strictObject({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
