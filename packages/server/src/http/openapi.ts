import * as z from 'zod';
import {
  AccountResponse,
  AnalyticsResponse,
  ApprovalRequest,
  ApprovalResponse,
  AuditEventsResponse,
  AuditResponse,
  CaseImportResponse,
  CompletenessResponse,
  CompletionRequest,
  DataValueRequest,
  DataValueSaveResponse,
  DataValuesResponse,
  EntryFormResponse,
  ReportingPeriodsResponse,
  ErrorResponse,
  EvaluationResponse,
  EventTransitionRequest,
  FollowUpListResponse,
  FollowUpRequest,
  FollowUpResponse,
  HealthResponse,
  ImportSummaryResponse,
  LockExceptionList,
  LockExceptionRequest,
  LoginRequest,
  LoginResponse,
  MeResponse,
  MetadataImportSummary,
  MetadataListResponse,
  MetadataObject,
  OutliersResponse,
  PasswordChangeRequest,
  PlanDraftResponse,
  PlanFile,
  PlanImportResponse,
  PlanListResponse,
  StatusResponse,
  SurveillanceEventResponse,
  SurveillanceEventsResponse,
  SurveillanceRunRequest,
  SurveillanceRunResponse,
  SurveillanceSeriesResponse,
  TokenCreated,
  TokenList,
  TokenRequest,
  UserCreateRequest,
  UserListResponse,
  UserPatchRequest,
  ValidationResultsResponse,
  ValidationRunRequest,
  ValidationRunResponse,
  FormReturnRequest,
  ReminderListResponse,
  ReminderRequest,
  ReminderResponse,
  WorkspaceResponse,
} from '@healthwatch/contract';

/**
 * The OpenAPI 3.1 document of the routes. Request and response bodies come from the zod schemas
 * the routes use (packages/contract), converted to JSON Schema, so the document follows the code.
 */
const json = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});
const error = (description: string): Record<string, unknown> => ({
  description,
  content: json(ErrorResponse, 'output'),
});

const route = (
  summary: string,
  tags: string[],
  extra: Record<string, unknown> & { ok?: z.ZodType; body?: z.ZodType } = {},
): Record<string, unknown> => {
  const { ok, body, ...rest } = extra;
  return {
    summary,
    tags,
    ...(body ? { requestBody: { required: true, content: json(body, 'input') } } : {}),
    responses: {
      '200': ok ? { description: 'OK', content: json(ok, 'output') } : { description: 'OK' },
      '400': error('HW_VALIDATION …'),
      '401': error('HW_UNAUTHENTICATED'),
      '403': error('HW_FORBIDDEN / HW_CSRF'),
    },
    ...rest,
  };
};

const q = (name: string, description: string, required = false): Record<string, unknown> => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string' },
});

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: '健康守望 HealthWatch API',
      version,
      description: 'District health information system. Errors: { error: { code, message, details } }.',
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'hw_session',
          description: 'Writes also need the X-CSRF-Token header from login.',
        },
        token: { type: 'http', scheme: 'bearer', description: 'Personal API token (hwt_…).' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths: {
      '/api/health': {
        get: route('Liveness and database', ['system'], { security: [], ok: HealthResponse }),
      },
      '/api/auth/login': {
        post: route('Log in; sets the session cookie, returns the CSRF token', ['auth'], {
          security: [],
          body: LoginRequest,
          ok: LoginResponse,
        }),
      },
      '/api/auth/logout': { post: route('End the session', ['auth'], { ok: StatusResponse }) },
      '/api/me': {
        get: route(
          'The signed-in user: role, authorities, scopes and (for a session) the CSRF token',
          ['auth'],
          { ok: MeResponse },
        ),
      },
      '/api/me/password': {
        post: route(
          'Change your own password (the current one must match; policy applies; audited)',
          ['auth'],
          { body: PasswordChangeRequest, ok: StatusResponse },
        ),
      },
      '/api/dataEntry/form': {
        get: route('A data-entry form: elements, disaggregations, stored values and completion', ['data'], {
          parameters: [q('ds', 'data set', true), q('ou', 'org unit', true), q('pe', 'period', true)],
          ok: EntryFormResponse,
        }),
      },
      '/api/dataEntry/periods': {
        get: route(
          "The periods of a data set a clerk may enter on the server's today, newest first with names and reporting state, and the latest due period (the default)",
          ['data'],
          { parameters: [q('ds', 'data set', true)], ok: ReportingPeriodsResponse },
        ),
      },
      '/api/dataApprovals': {
        get: route(
          'Approval state of a data set for a unit and period, the units below it, and whether its form is locked (approved or expired)',
          ['data'],
          {
            parameters: [q('ds', 'data set', true), q('ou', 'org unit', true), q('pe', 'period', true)],
            ok: ApprovalResponse,
          },
        ),
        post: route(
          'Approve, unapprove (reason required), accept or un-accept (the level above); audited; 409 HW_APPROVAL when the state does not allow it',
          ['data'],
          { body: ApprovalRequest, ok: ApprovalResponse },
        ),
      },
      '/api/workspace/reports': {
        get: route(
          'Reporting workspace: data set × period × unit in the view scope with status (未报/逾期/已报/已审核/已接受/退回), due date, last return and reminder, and the actions the caller may perform; period default: the latest due period of each data set',
          ['data'],
          {
            parameters: [
              q('dataSet', 'data set'),
              q('period', 'period (default: latest due)'),
              q('status', 'notReported | overdue | reported | approved | accepted | returned'),
              q('orgUnit', 'org unit and everything below it'),
            ],
            ok: WorkspaceResponse,
          },
        ),
      },
      '/api/workspace/returns': {
        post: route(
          'Return a completed, unapproved form to its unit with a 审核意见 (the level above; audited); the completion is taken back so the clerk can edit again',
          ['data'],
          { body: FormReturnRequest, ok: StatusResponse },
        ),
      },
      '/api/workspace/reminders': {
        get: route(
          '催报 list: units of the data set and period not yet reported (未报/逾期/退回) with contacts and last reminder; format=xlsx for a spreadsheet',
          ['data'],
          {
            parameters: [
              q('dataSet', 'data set', true),
              q('period', 'period (default: latest due)'),
              q('format', 'json (default) | xlsx'),
            ],
            ok: ReminderListResponse,
          },
        ),
        post: route(
          'Record a reminder (催报) for each unit not yet reported that the caller oversees and post it to the configured webhook (3 s timeout; a failure is recorded, never an error)',
          ['data'],
          { body: ReminderRequest, ok: ReminderResponse },
        ),
      },
      '/api/workspace/mine': {
        get: route("A clerk's own units: forms due, overdue or returned (with the 审核意见)", ['data'], {
          ok: WorkspaceResponse,
        }),
      },
      '/api/lockExceptions': {
        get: route('Lock exceptions: expired periods re-opened for a unit and below (admin)', ['data'], {
          ok: LockExceptionList,
        }),
        post: route('Grant a lock exception (admin; audited)', ['data'], {
          body: LockExceptionRequest,
          ok: LockExceptionList,
        }),
      },
      '/api/lockExceptions/{id}': {
        delete: route('Revoke a lock exception (admin; audited)', ['data'], { ok: StatusResponse }),
      },
      '/api/dataEntry/template': {
        get: route('A blank import template of a data set (CSV or XLSX, Chinese headers)', ['data'], {
          parameters: [
            q('ds', 'data set', true),
            q('format', 'csv | xlsx'),
            q('ou', 'org unit to fill in'),
            q('pe', 'period to fill in'),
          ],
        }),
      },
      '/api/dataEntry/complete': {
        post: route('Mark a form complete or incomplete (capture scope; audited)', ['data'], {
          body: CompletionRequest,
          ok: StatusResponse,
        }),
      },
      '/api/me/tokens': {
        get: route('List personal API tokens', ['auth'], { ok: TokenList }),
        post: route('Create a personal API token (shown once)', ['auth'], {
          body: TokenRequest,
          ok: TokenCreated,
        }),
      },
      '/api/me/tokens/{id}': { delete: route('Revoke a token', ['auth'], { ok: StatusResponse }) },
      '/api/users': {
        get: route('Accounts with role and scopes (admin)', ['users'], { ok: UserListResponse }),
        post: route('Create an account (admin; audited)', ['users'], {
          body: UserCreateRequest,
          ok: AccountResponse,
        }),
      },
      '/api/users/{username}': {
        patch: route(
          'Change role, name, scopes, password or disabled (admin; audited; disabling ends sessions)',
          ['users'],
          { body: UserPatchRequest, ok: AccountResponse },
        ),
        delete: route('Disable an account (admin; audited)', ['users'], { ok: StatusResponse }),
      },
      '/api/analytics': {
        get: route('DHIS2-compatible analytics', ['analytics'], {
          parameters: [
            q('dimension', 'dx:…, pe:…, ou:…, co:… (repeat)', true),
            q('filter', 'one-item dimension to collapse'),
            q('skipRounding', 'true for unrounded values'),
            q('relativePeriodDate', 'yyyy-mm-dd'),
            q('format', 'json (default), csv or xlsx (a download with names)'),
          ],
          ok: AnalyticsResponse,
        }),
      },
      '/api/dataValueSets': {
        get: route('Export data values (DHIS2 JSON, or CSV)', ['data'], {
          parameters: [
            q('dataSet', 'data set'),
            q('dataElement', 'data element'),
            q('period', 'period', true),
            q('orgUnit', 'org unit', true),
            q('children', 'true: the whole subtree'),
          ],
        }),
        post: route(
          'Import data values (DHIS2 JSON, CSV or XLSX by Content-Type); 409 when rejected',
          ['data'],
          {
            parameters: [q('dryRun', 'true: check only'), q('importStrategy', 'SKIP_CONFLICTS')],
            ok: ImportSummaryResponse,
          },
        ),
      },
      '/api/dataValues': {
        get: route('The stored values of one element, unit and period', ['data'], {
          parameters: [
            q('de', 'data element', true),
            q('ou', 'org unit', true),
            q('pe', 'period', true),
            q('co', 'category option combo'),
          ],
          ok: DataValuesResponse,
        }),
        post: route(
          'Enter or correct one value; the answer adds `validation`: the rules the value breaks at its unit and period (warnings); a blocking rule refuses it (400 HW_VALUE_INVALID)',
          ['data'],
          { body: DataValueRequest, ok: DataValueSaveResponse },
        ),
        delete: route('Delete one value (kept in history)', ['data'], {
          parameters: [
            q('de', 'data element', true),
            q('ou', 'org unit', true),
            q('pe', 'period', true),
            q('co', 'category option combo'),
          ],
          ok: ImportSummaryResponse,
        }),
      },
      '/api/audit': {
        get: route('Data value audit trail', ['audit'], {
          parameters: [
            q('de', 'data element'),
            q('ou', 'org unit'),
            q('pe', 'period'),
            q('user', 'user'),
            q('limit', 'max rows'),
          ],
          ok: AuditResponse,
        }),
      },
      '/api/surveillance/events': {
        get: route('Early-warning events in your view scope (?status=&disease=&limit=)', ['surveillance'], {
          ok: SurveillanceEventsResponse,
        }),
      },
      '/api/surveillance/events/{id}': {
        get: route('One event with its evidence, explanation and workflow log', ['surveillance'], {
          ok: SurveillanceEventResponse,
        }),
      },
      '/api/surveillance/events/{id}/transition': {
        post: route(
          'Move an event along the workflow (new → verifying → confirmed | dismissed → responded → closed); 409 for a move the workflow does not allow',
          ['surveillance'],
          { body: EventTransitionRequest, ok: SurveillanceEventResponse },
        ),
      },
      '/api/surveillance/series': {
        get: route(
          "A place's weekly counts of a disease with each configured method's upper bound and alarms (the chart of an event)",
          ['surveillance'],
          {
            parameters: [
              q('disease', 'disease code or name', true),
              q('ou', 'org unit', true),
              q('to', 'last ISO week, e.g. 2024W23', true),
              q('weeks', 'weeks shown (default 26)'),
            ],
            ok: SurveillanceSeriesResponse,
          },
        ),
      },
      '/api/surveillance/cases': {
        post: route(
          'Import a case line list (CSV or XLSX: 病种, 发病日期, 现住址镇街[, 卡片编号]) as daily counts per disease, township and onset day; 409 when rejected',
          ['surveillance'],
          { parameters: [q('dryRun', 'true: check only')], ok: CaseImportResponse },
        ),
      },
      '/api/surveillance/run': {
        post: route('Run early warning over ISO weeks and save events', ['surveillance'], {
          body: SurveillanceRunRequest,
          ok: SurveillanceRunResponse,
        }),
      },
      '/api/validation/run': {
        post: route(
          'Run validation rules over an org unit (and below) and periods; stores and returns the violations',
          ['data quality'],
          { body: ValidationRunRequest, ok: ValidationRunResponse },
        ),
      },
      '/api/validation/results': {
        get: route(
          'The violations stored by the last validation runs under an org unit, without evaluating again; format=csv exports them',
          ['data quality'],
          {
            parameters: [
              q('ou', 'org unit', true),
              q('pe', 'periods, comma-separated'),
              q('format', 'json (default) or csv'),
            ],
            ok: ValidationResultsResponse,
          },
        ),
      },
      '/api/completeness': {
        get: route(
          'Data set completeness: expected, actual and missing reports by area and institution',
          ['data quality'],
          {
            parameters: [
              q('ds', 'data set', true),
              q('ou', 'org unit', true),
              q('pe', 'periods, comma-separated (default: the latest period with data)'),
            ],
            ok: CompletenessResponse,
          },
        ),
      },
      '/api/followups': {
        get: route('Values flagged for follow-up under an org unit (view scope)', ['data quality'], {
          parameters: [q('ou', 'org unit', true), q('limit', 'max rows')],
          ok: FollowUpListResponse,
        }),
        post: route(
          'Flag a value for follow-up or clear the flag, with a comment; the value is unchanged; audited',
          ['data quality'],
          { body: FollowUpRequest, ok: FollowUpResponse },
        ),
      },
      '/api/outliers': {
        get: route('Outlier scan of stored series', ['data quality'], {
          parameters: [
            q('de', 'data elements, comma-separated', true),
            q('ou', 'org unit', true),
            q('descendants', 'true: and below'),
            q('from', 'first period', true),
            q('to', 'last period', true),
            q('method', 'z-score | modified-z | min-max | seasonal'),
            q('threshold', 'score threshold'),
          ],
          ok: OutliersResponse,
        }),
      },
      '/api/audit/events': {
        get: route('Logins and administrative actions (admin)', ['audit'], { ok: AuditEventsResponse }),
      },
      '/api/metadata': {
        get: route('Export metadata (native, or ?format=dhis2)', ['metadata']),
        post: route('Import metadata (native or DHIS2 JSON)', ['metadata'], { ok: MetadataImportSummary }),
      },
      '/api/metadata/{kind}': {
        get: route(
          'List objects of a kind (orgUnits, dataElements, dataSets, indicators, constants …)',
          ['metadata'],
          { ok: MetadataListResponse },
        ),
      },
      '/api/metadata/{kind}/{id}': {
        get: route('One object by id or code', ['metadata'], { ok: MetadataObject }),
        put: route('Create or update one object (same checks as an import)', ['metadata'], {
          ok: MetadataImportSummary,
        }),
        delete: route('Delete one object; 409 HW_REFERENCED while anything refers to it', ['metadata'], {
          ok: StatusResponse,
        }),
      },
      '/api/plans': {
        get: route('Plans', ['plans'], { ok: PlanListResponse }),
        post: route(
          'Save a plan file (docs/plans.md; e.g. a reviewed draft’s `document`); METADATA_WRITE and a capture scope covering the district; 409 when the code exists unless replace=true (which also replaces its figures); audited',
          ['plans'],
          {
            parameters: [q('replace', 'true: replace the plan of the same code')],
            body: PlanFile,
            ok: PlanImportResponse,
          },
        ),
      },
      '/api/plans/drafts': {
        post: route(
          'Draft a plan from its own document: the body is a DOCX, an XLSX or a text file (by Content-Type, ?format= or the bytes), or multipart/form-data with a `file` part; answers every indicator and project row with its parsed rule, nature, unit, baseline, library link and problems, and the plan file it makes (nothing is stored); METADATA_WRITE',
          ['plans'],
          {
            parameters: [
              q('code', 'plan code (default: plan-<first year>-<target year>)'),
              q('name', 'plan name (default: the document’s title)'),
              q(
                'table',
                'tables to draft from, 1-based (repeat or comma-separate; default: the document’s own)',
              ),
              q('baselineYear', 'when the tables do not say it'),
              q('targetYear', 'when the tables do not say it'),
              q('format', 'docx | xlsx | txt (default: from the Content-Type, else the bytes)'),
            ],
            requestBody: {
              required: true,
              content: {
                'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
                  schema: { type: 'string', format: 'binary' },
                },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                  schema: { type: 'string', format: 'binary' },
                },
                'text/plain': { schema: { type: 'string' } },
                'multipart/form-data': {
                  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
                },
              },
            },
            ok: PlanDraftResponse,
          },
        ),
      },
      '/api/plans/{code}/evaluation': {
        get: route(
          'Evaluate a plan for a data year; format=json (below), md, html, pdf or docx (downloads)',
          ['plans'],
          {
            parameters: [
              q('year', 'data year', true),
              q('ou', 'org unit of the computed figures (default: the top)'),
              q('kind', 'annual | midterm | final'),
              q('format', 'json | md | html | pdf | docx'),
              q('faster', 'threshold'),
              q('onTrack', 'threshold'),
              q('approxTolerance', 'threshold'),
              q('smallNumbers', 'threshold'),
            ],
            ok: EvaluationResponse,
          },
        ),
      },
      '/api/docs': { get: route('This API as a readable page', ['system'], { security: [] }) },
      '/api/openapi.json': { get: route('This document', ['system'], { security: [] }) },
    },
  };
}

const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** A readable page listing every route (zh-CN first), generated from the OpenAPI document. */
export function apiPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, { summary: string; tags: string[] }>>;
  const rows = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) =>
          `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.tags.join(', '))}</td><td>${escape(op.summary)}</td></tr>`,
      ),
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>健康守望 API</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style></head>
<body><h1>健康守望 HealthWatch API</h1><p>登录：POST /api/auth/login；写操作需携带 X-CSRF-Token；脚本可用 Authorization: Bearer 令牌。机器可读版本：<a href="/api/openapi.json">/api/openapi.json</a></p>
<table><thead><tr><th>方法</th><th>路径</th><th>分类</th><th>说明</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
