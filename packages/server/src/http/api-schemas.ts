import { AppError } from '@healthwatch/core';
import * as z from 'zod';

/**
 * The HTTP contract in zod: request bodies are parsed with these schemas, responses are described
 * by them, and /api/openapi.json is generated from both (so the document cannot drift from the code).
 */

export const ErrorResponse = z.object({
  error: z.object({ code: z.string().describe('HW_… (docs/errors.md)'), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })) }),
});

export const LoginRequest = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });
export const UserSummary = z.object({ username: z.string(), role: z.string(), roleName: z.string(), authorities: z.array(z.string()) });
export const LoginResponse = z.object({ user: UserSummary, csrfToken: z.string() });
export const HealthResponse = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), version: z.string() });
export const StatusResponse = z.object({ status: z.literal('ok') });

export const TokenRequest = z.object({ name: z.string().trim().min(1).max(100) });
export const TokenCreated = z.object({ id: z.number().int(), token: z.string().describe('hwt_…, shown once') });
export const TokenList = z.object({ tokens: z.array(z.object({ id: z.number().int(), name: z.string(), createdAt: z.number(), lastUsedAt: z.number().nullable(), revokedAt: z.number().nullable() })) });

export const AnalyticsResponse = z.object({
  headers: z.array(z.object({ name: z.string(), column: z.string(), valueType: z.string(), type: z.string(), hidden: z.boolean(), meta: z.boolean() })),
  metaData: z.object({ items: z.record(z.string(), z.object({ name: z.string() })), dimensions: z.record(z.string(), z.array(z.string())) }),
  rows: z.array(z.array(z.string())),
  height: z.number().int(),
  width: z.number().int(),
});

export const ImportSummaryResponse = z
  .object({
    status: z.enum(['SUCCESS', 'WARNING', 'ERROR']),
    imported: z.number().int(),
    updated: z.number().int(),
    deleted: z.number().int(),
    ignored: z.number().int(),
    conflicts: z.array(z.object({ row: z.number().nullable().optional(), field: z.string().optional(), value: z.string().optional(), message: z.string() }).passthrough()),
  })
  .passthrough();

export const DataValueRequest = z.object({
  dataElement: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  categoryOptionCombo: z.string().optional(),
  value: z.string().max(50_000),
  comment: z.string().max(5000).optional(),
  followUp: z.boolean().optional(),
  source: z.string().max(200).optional(),
  status: z.enum(['preliminary', 'final', 'revised']).optional(),
});

export const PlanListResponse = z.object({
  plans: z.array(z.object({ code: z.string(), name: z.string(), issuer: z.string().nullable(), baselineYear: z.number().int(), targetYear: z.number().int(), status: z.string(), indicators: z.number().int(), projects: z.number().int() })),
});

const Figure = z.object({ year: z.number().int(), value: z.number().nullable(), source: z.string(), status: z.string(), provenance: z.enum(['computed', 'reported']) }).passthrough();
export const EvaluationResponse = z
  .object({
    plan: z.object({ code: z.string(), name: z.string(), issuer: z.string().nullable() }),
    syntheticData: z.boolean(),
    kind: z.enum(['annual', 'midterm', 'final']),
    dataYear: z.number().int(),
    baselineYear: z.number().int(),
    targetYear: z.number().int(),
    timeProgress: z.number(),
    thresholds: z.object({ faster: z.number(), onTrack: z.number(), approxTolerance: z.number(), smallNumbers: z.number() }),
    indicators: z.array(
      z
        .object({
          code: z.string(),
          name: z.string(),
          nature: z.enum(['binding', 'expected']),
          wording: z.string(),
          baseline: z.object({ year: z.number().int(), value: z.number().nullable(), source: z.string().optional() }),
          target: z.number().nullable(),
          latest: Figure.nullable(),
          conflicts: z.array(Figure),
          series: z.array(z.object({ year: z.number().int(), value: z.number().nullable() })),
          completion: z.number().nullable(),
          status: z.enum(['ahead', 'faster', 'on_track', 'behind', 'achieved', 'not_achieved', 'maintained', 'breached', 'no_data', 'unstable', 'no_target']),
          rag: z.enum(['green', 'amber', 'red', 'grey']),
          atRisk: z.boolean(),
          explanation: z.string(),
        })
        .passthrough(),
    ),
    summary: z.object({ byStatus: z.record(z.string(), z.number()), onScheduleRate: z.object({ all: z.number().nullable(), binding: z.number().nullable(), expected: z.number().nullable() }), atRisk: z.array(z.string()) }),
  })
  .passthrough();

const Scope = z.array(z.string().min(1)).max(1000);
export const UserCreateRequest = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/),
  password: z.string().min(1).max(1000),
  role: z.string().min(1),
  displayName: z.string().max(200).nullish(),
  capture: Scope.optional(),
  view: Scope.optional(),
});
export const UserPatchRequest = z
  .object({ role: z.string().min(1).optional(), displayName: z.string().max(200).nullable().optional(), password: z.string().min(1).max(1000).optional(), capture: Scope.optional(), view: Scope.optional(), disabled: z.boolean().optional() })
  .strict();
export const AccountResponse = z.object({
  username: z.string(),
  displayName: z.string().nullable(),
  role: z.string(),
  roleName: z.string(),
  disabled: z.boolean(),
  locked: z.boolean(),
  capture: z.array(z.string()),
  view: z.array(z.string()),
});
export const UserListResponse = z.object({ users: z.array(AccountResponse) });

export const EventTransitionRequest = z.object({
  status: z.enum(['verifying', 'confirmed', 'dismissed', 'responded', 'closed']),
  note: z.string().max(5000).nullish(),
  assignee: z.string().max(64).nullish(),
});
export const SurveillanceRunRequest = z.object({ from: z.string().regex(/^\d{4}W\d{1,2}$/), to: z.string().regex(/^\d{4}W\d{1,2}$/) });
const SurveillanceEvent = z
  .object({
    id: z.number().int(),
    disease: z.string(),
    orgUnitId: z.number().int(),
    periodFrom: z.string(),
    periodTo: z.string(),
    grade: z.enum(['blue', 'yellow', 'orange', 'red']),
    points: z.number().int(),
    evidence: z.unknown(),
    explanation: z.string(),
    status: z.string(),
    assignee: z.string().nullable(),
  })
  .passthrough();
export const SurveillanceEventsResponse = z.object({ events: z.array(SurveillanceEvent) });
export const SurveillanceEventResponse = SurveillanceEvent.extend({
  log: z.array(z.object({ at: z.number(), username: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), assignee: z.string().nullable(), note: z.string().nullable() })),
});
export const SurveillanceRunResponse = z.object({ from: z.string(), to: z.string(), places: z.number().int(), diseases: z.number().int(), events: z.number().int(), created: z.number().int(), updated: z.number().int() });

export const ValidationRunRequest = z.object({
  orgUnit: z.string().min(1),
  descendants: z.boolean().optional(),
  periods: z.array(z.string().min(4)).min(1).max(400),
  dataSet: z.string().optional(),
});
export const ValidationRunResponse = z.object({
  evaluated: z.number().int(),
  violations: z.array(z.object({ rule: z.string(), ruleName: z.string(), importance: z.string(), instruction: z.string(), orgUnit: z.string(), orgUnitName: z.string(), period: z.string(), left: z.number().nullable(), right: z.number().nullable(), message: z.string() })),
});
export const CompletenessResponse = z.object({
  dataSet: z.string(),
  periods: z.array(z.string()),
  expected: z.number().int(),
  actual: z.number().int(),
  rate: z.number().nullable(),
  onTime: z.number().int().describe('reports marked complete by period end + timelyDays'),
  timelyRate: z.number().nullable(),
  timelyDays: z.number().int(),
  byArea: z.array(z.object({ orgUnit: z.string(), name: z.string(), expected: z.number().int(), actual: z.number().int(), rate: z.number().nullable(), onTime: z.number().int(), timelyRate: z.number().nullable() })),
  missing: z.array(z.object({ orgUnit: z.string(), name: z.string(), area: z.string(), periods: z.array(z.string()) })),
  late: z.array(z.object({ orgUnit: z.string(), name: z.string(), area: z.string(), period: z.string(), due: z.string(), completedAt: z.number().nullable().describe('null: values but never marked complete') })),
});
export const OutliersResponse = z.object({
  series: z.number().int(),
  findings: z.array(z.object({ dataElement: z.string(), dataElementName: z.string(), orgUnit: z.string(), orgUnitName: z.string(), categoryOptionCombo: z.string(), period: z.string(), value: z.number(), score: z.number(), lower: z.number(), upper: z.number(), method: z.string() })),
});

/** Parses a request body, or rejects it with every problem named by its path. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    throw new AppError('HW_VALIDATION', { reason: what }, { details: r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })) });
  }
  return r.data;
}

const ScopeUnit = z.object({ id: z.string(), code: z.string().nullable(), name: z.string(), level: z.number().int() });
export const MeResponse = UserSummary.extend({
  displayName: z.string().nullable(),
  csrfToken: z.string().nullable().describe('for a session: the token writes must send as X-CSRF-Token (so a reloaded page can keep writing)'),
  capture: z.array(ScopeUnit).nullable().describe('roots of the capture scope; null: everywhere'),
  view: z.array(ScopeUnit).nullable().describe('roots of the view scope; null: everywhere'),
});
export const PasswordChangeRequest = z.object({ current: z.string().min(1).max(1000), next: z.string().min(1).max(1000) });

export const EntryFormQuery = z.object({ ds: z.string().min(1), ou: z.string().min(1), pe: z.string().min(1) });
export const EntryFormResponse = z.object({
  dataSet: z.object({ id: z.string(), code: z.string().nullable(), name: z.string(), periodType: z.string(), expiryDays: z.number() }),
  orgUnit: z.object({ id: z.string(), code: z.string().nullable(), name: z.string() }),
  period: z.string(),
  assigned: z.boolean(),
  elements: z.array(z.object({ id: z.string(), code: z.string().nullable(), name: z.string(), valueType: z.string(), combos: z.array(z.object({ id: z.string(), name: z.string() })) })),
  values: z.array(z.object({ dataElement: z.string(), categoryOptionCombo: z.string(), value: z.string().nullable(), comment: z.string().nullable(), followUp: z.boolean(), storedBy: z.string(), lastUpdated: z.number() })),
  complete: z.object({ by: z.string(), at: z.number() }).nullable(),
});
export const CompletionRequest = z.object({ dataSet: z.string().min(1), orgUnit: z.string().min(1), period: z.string().min(1), complete: z.boolean() });

export const ApprovalRequest = z.object({
  dataSet: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  action: z.enum(['approve', 'unapprove', 'accept', 'unaccept']),
  reason: z.string().max(2000).optional().describe('required to unapprove'),
});
const ApprovalStateEnum = z.enum(['waiting', 'ready', 'approved', 'accepted', 'approved_above']);
export const ApprovalResponse = z.object({
  dataSet: z.object({ id: z.string(), code: z.string().nullable(), name: z.string() }),
  orgUnit: z.object({ id: z.string(), code: z.string().nullable(), name: z.string(), level: z.number().int() }),
  period: z.string(),
  state: ApprovalStateEnum,
  stateName: z.string(),
  approval: z.object({ level: z.number().int(), approvedBy: z.string(), approvedAt: z.number(), acceptedBy: z.string().nullable(), acceptedAt: z.number().nullable() }).nullable(),
  children: z.array(z.object({ orgUnit: z.string(), name: z.string(), state: ApprovalStateEnum, stateName: z.string() })),
  locked: z.object({ by: z.enum(['approved', 'expired']), message: z.string() }).nullable(),
});
export const LockExceptionRequest = z.object({ dataSet: z.string().min(1), orgUnit: z.string().min(1), period: z.string().min(1), reason: z.string().min(1).max(2000) });
export const LockExceptionList = z.object({
  exceptions: z.array(z.object({ id: z.number().int(), dataSet: z.string(), dataSetName: z.string(), orgUnit: z.string(), orgUnitName: z.string(), period: z.string(), reason: z.string(), grantedBy: z.string(), grantedAt: z.number() })),
});

export const FollowUpRequest = z.object({
  dataElement: z.string().min(1),
  orgUnit: z.string().min(1),
  period: z.string().min(1),
  categoryOptionCombo: z.string().optional(),
  followUp: z.boolean(),
  comment: z.string().max(5000).optional(),
});
