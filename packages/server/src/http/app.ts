import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AppError, isAppError, msg, OutlierMethod, parsePeriod, resolveLocale } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import { cachedMetadataIndex, classifyDbError, retryAfterSeconds } from '@healthwatch/store';
import type { OrgUnitRow, Store } from '@healthwatch/store';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { queryAnalytics, resolveOrgUnits } from '@healthwatch/services';
import {
  authenticate,
  can,
  inScope,
  issueApiToken,
  login,
  LOGIN_ATTEMPTS_PER_MINUTE,
  logout,
  requireAuthority,
  SESSION_TTL_MS,
} from '@healthwatch/services';
import { AddressLimiter } from '@healthwatch/services';
import { tokenHash } from '@healthwatch/services';
import { ClientAddresses } from './client-address.js';
import {
  belowScope,
  coversEverything,
  outOfScopeError,
  unitInScope,
  unitOrDefault,
} from '@healthwatch/services';
import type { ScopeKind } from '@healthwatch/services';
import type { Principal } from '@healthwatch/services';
import type { MeResponse } from '@healthwatch/contract';
import {
  changeOwnPassword,
  listUserAccounts,
  saveUserAccount,
  updateUserAccount,
} from '@healthwatch/services';
import { entryForm, setFormComplete } from '@healthwatch/services';
import { approvalView, changeApproval } from '@healthwatch/services';
import { grantLockException, listLockExceptionViews, revokeLockException } from '@healthwatch/services';
import { dataTemplate, TEMPLATE_FORMATS } from '@healthwatch/services';
import type { TemplateFormat } from '@healthwatch/services';
import { tableFile } from '@healthwatch/services';
import { ROLES } from '@healthwatch/services';
import { exportValues, resolveSelection } from '@healthwatch/services';
import { importDataFile, importRawValues } from '@healthwatch/services';
import { dhis2JsonValues } from '@healthwatch/services';
import {
  findAccount,
  findSurveillanceEvent,
  listApiTokens,
  listEvents,
  listSurveillanceEvents,
  loadAnalyticsCatalog,
  logEvent,
  revokeApiToken,
  surveillanceEventLog,
} from '@healthwatch/store';
import { deleteValue, getValues, queryAudit, setValue } from '@healthwatch/services';
import { exportMetadata, exportMetadataDhis2, importMetadataDocument } from '@healthwatch/services';
import { deleteObject, getObject, isObjectKind, listObjects } from '@healthwatch/services';
import type { ObjectKind } from '@healthwatch/services';
import { evaluatePlanService, listPlanSummaries, parseThresholds } from '@healthwatch/services';
import {
  isReportFormat,
  renderEvaluation,
  REPORT_CONTENT_TYPES,
  REPORT_FORMATS,
  reportFileName,
} from '@healthwatch/services';
import type { PdfPrinter } from '@healthwatch/services';
import {
  ApprovalRequest,
  CompletionRequest,
  DataValueRequest,
  FollowUpRequest,
  LockExceptionRequest,
  EntryFormQuery,
  EventTransitionRequest,
  LoginRequest,
  PasswordChangeRequest,
  SurveillanceRunRequest,
  TokenRequest,
  UserCreateRequest,
  UserPatchRequest,
  ValidationRunRequest,
} from '@healthwatch/contract';
import { parseBody } from './parse-body.js';
import {
  loadSurveillanceConfig,
  runSurveillance,
  surveillanceSeries,
  transitionEvent,
} from '@healthwatch/services';
import { importCaseLineList } from '@healthwatch/services';
import type { DataChange } from '@healthwatch/services';
import { dataSetCompleteness } from '@healthwatch/services';
import { scanOutliers } from '@healthwatch/services';
import { runValidation, storedViolations } from '@healthwatch/services';
import { checkRulesOnSave } from '@healthwatch/services';
import { listFollowUps, setFollowUp } from '@healthwatch/services';
import { apiPage, openApiDocument } from './openapi.js';
import { contentDisposition } from './content-disposition.js';
import { securityHeaders } from './security-headers.js';
import { withSpooledUpload } from './spool-upload.js';

export interface AppOptions {
  /** Largest accepted request body in bytes (413 above it). */
  maxBodyBytes?: number;
  version?: string;
  /** Prints PDF reports (and the charts of DOCX reports); without it PDF answers 503. */
  printer?: PdfPrinter;
  /** Called after data values change through the API (imports, single values), e.g. to run early warning. */
  onDataChanged?: (change?: DataChange) => void;
  /** The built web application (packages/web/dist), served outside /api. */
  webRoot?: string | undefined;
  /** Today as yyyy-mm-dd for expiry locking (default: the system date; tests pin it). */
  today?: () => string;
  /**
   * Reverse proxies whose X-Forwarded-For may be believed (addresses or CIDR ranges); without
   * them the client address is the socket's peer (see client-address.ts).
   */
  trustedProxies?: readonly string[];
  /** Where uploads are spooled (default `<tmpdir>/healthwatch-uploads-<uid>`, mode 0700). */
  uploadDir?: string;
}

type Env = { Variables: { principal: Principal; locale: Locale } };

const SESSION_COOKIE = 'hw_session';

function errorBody(
  e: AppError,
  locale: Locale,
): { error: { code: string; message: string; details: readonly { path: string; message: string }[] } } {
  return {
    error: {
      code: e.code,
      message: locale === 'en' ? e.localizedMessage('en') : e.message,
      details: e.details,
    },
  };
}

const LOGIN_BODY_BYTES = 4 * 1024;
const ANALYTICS_DIMENSIONS: ReadonlySet<string> = new Set(['dx', 'pe', 'ou', 'co']);

/**
 * Whether a browser request comes from our own origin: a cross-site request carries an Origin
 * (or Sec-Fetch-Site) that says so; clients that are not browsers (curl, scripts) send neither.
 */
function isSameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return false;
  }
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') {
    return origin === undefined;
  }
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/**
 * The HTTP API. Every route below `/api` except health and login needs a session cookie or a
 * bearer API token; cookie-authenticated writes need the CSRF token from login; authorities and
 * org-unit scopes are checked in each handler. Errors are `{ error: { code, message, details } }`
 * and never carry stack traces or SQL.
 */
export function createApp(store: Store, options: AppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const maxBody = options.maxBodyBytes ?? 50 * 1024 * 1024;
  const addresses = new ClientAddresses(options.trustedProxies ?? []);
  const limiter = new AddressLimiter(LOGIN_ATTEMPTS_PER_MINUTE);
  const clientIp = (c: Context): string => addresses.of(c);
  app.use('*', securityHeaders());

  app.onError((err, c) => {
    const locale = resolveLocale(c.req.header('accept-language'));
    // Database faults (unreachable, full) are 503 with Retry-After, not internal errors.
    const known = isAppError(err) ? err : classifyDbError(err);
    if (known) {
      if (known !== err) {
        console.error(`[healthwatch] ${known.code}: ${err.message}`);
      }
      const retry = retryAfterSeconds(known);
      if (retry !== null) {
        c.header('retry-after', String(retry));
      }
      return c.json(errorBody(known, locale), known.status as 400);
    }
    // Unknown faults: log the cause on the server, show a reference, never the stack or SQL.
    const ref = Math.random().toString(36).slice(2, 10);
    console.error(`[healthwatch] internal error ${ref}:`, err);
    return c.json(errorBody(new AppError('HW_INTERNAL', { ref }), locale), 500);
  });
  app.notFound((c) =>
    c.json(errorBody(new AppError('HW_NOT_FOUND', { kind: 'API', id: c.req.path }), 'zh-CN'), 404),
  );

  app.use('/api/*', async (c, next) => {
    c.set('locale', resolveLocale(c.req.query('locale') ?? c.req.header('accept-language')));
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBody,
      onError: () => {
        throw new AppError('HW_PAYLOAD_TOO_LARGE', { limit: maxBody });
      },
    }),
  );

  app.get('/api/health', async (c) => {
    await cachedMetadataIndex(store);
    return c.json({ status: 'ok', database: store.dialect, version: options.version ?? '0.1.0' });
  });

  app.get('/api/openapi.json', (c) => c.json(openApiDocument(options.version ?? '0.1.0')));
  app.get('/api/docs', (c) => c.html(apiPage(openApiDocument(options.version ?? '0.1.0'))));

  // Login: anonymous, so its body is small (a user name and a password, never megabytes), and it
  // must come from our own pages: a cross-site form could otherwise sign a victim into the
  // attacker's account (login CSRF). A JSON content type cannot be sent cross-site without a CORS
  // preflight that this server never grants, and browsers name the origin of cross-site requests.
  app.post(
    '/api/auth/login',
    bodyLimit({
      maxSize: LOGIN_BODY_BYTES,
      onError: () => {
        throw new AppError('HW_PAYLOAD_TOO_LARGE', { limit: LOGIN_BODY_BYTES });
      },
    }),
    async (c) => {
      if (
        !isSameOrigin(c) ||
        !(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')
      ) {
        throw new AppError('HW_CSRF');
      }
      const body = parseBody(LoginRequest, await readJson(c), 'username, password');
      const r = await login(store, body.username, body.password, { address: addresses.of(c), limiter });
      setCookie(c, SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: isHttps(c),
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return c.json({ user: describe(r.principal), csrfToken: r.csrfToken });
    },
  );

  // Everything below needs a principal.
  app.use('/api/*', async (c, next) => {
    const auth = c.req.header('authorization');
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    // The session cookie, read from the raw header (hono's getCookie typing trips the linter here).
    const session = /(?:^|;\s*)hw_session=([^;]+)/.exec(c.req.header('cookie') ?? '')?.[1];
    const principal = await authenticate(store, { session, bearer });
    if (!principal) {
      throw new AppError('HW_UNAUTHENTICATED');
    }
    if (
      principal.via === 'session' &&
      !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) &&
      c.req.header('x-csrf-token') !== principal.csrfToken
    ) {
      throw new AppError('HW_CSRF');
    }
    c.set('principal', principal);
    await next();
  });

  app.post('/api/auth/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      await logout(store, token);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ status: 'ok' });
  });

  app.get('/api/me', async (c) => {
    const p = c.get('principal');
    const index = await cachedMetadataIndex(store);
    const units = (paths: string[] | null): z.infer<typeof MeResponse>['view'] => {
      if (paths === null) {
        return null;
      }
      const wanted = new Set(paths);
      return [...index.orgUnits.byId.values()]
        .filter((o) => wanted.has(o.path))
        .map((o) => ({ id: o.uid, code: o.code, name: o.name, level: o.level }));
    };
    const account = await findAccount(store.db, p.username);
    const me: z.infer<typeof MeResponse> = {
      ...describe(p),
      authorities: [...describe(p).authorities],
      displayName: account?.displayName ?? null,
      csrfToken: p.via === 'session' ? p.csrfToken : null,
      capture: units(p.capturePaths),
      view: units(p.viewPaths),
    };
    return c.json(me);
  });
  app.post('/api/me/password', async (c) => {
    const p = c.get('principal');
    const body = parseBody(PasswordChangeRequest, await readJson(c), 'current, next');
    const session =
      p.via === 'session'
        ? /(?:^|;\s*)hw_session=([^;]+)/.exec(c.req.header('cookie') ?? '')?.[1]
        : undefined;
    await changeOwnPassword(store, p.username, body.current, body.next, session ? tokenHash(session) : null);
    return c.json({ status: 'ok' });
  });

  app.post('/api/me/tokens', async (c) => {
    const body = parseBody(TokenRequest, await readJson(c), 'name');
    return c.json(await issueApiToken(store, c.get('principal'), body.name), 201);
  });
  app.get('/api/me/tokens', async (c) =>
    c.json({ tokens: await listApiTokens(store.db, c.get('principal').userId) }),
  );
  app.delete('/api/me/tokens/:id', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || !(await revokeApiToken(store.db, c.get('principal').userId, id))) {
      throw new AppError('HW_NOT_FOUND', { kind: 'API token', id: c.req.param('id') });
    }
    return c.json({ status: 'ok' });
  });

  // DHIS2-compatible analytics: dimension=dx:a;b&dimension=pe:…&dimension=ou:…[&filter=ou:x]
  app.get('/api/analytics', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'ANALYTICS_READ');
    // Keyed by user input: no prototype, so `dimension=__proto__:x` is just an unknown dimension.
    const dims: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    const filters: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const [list, target] of [
      [c.req.queries('dimension') ?? [], dims],
      [c.req.queries('filter') ?? [], filters],
    ] as const) {
      for (const d of list) {
        const colon = d.indexOf(':');
        // Only the dimensions this route computes: an unknown one would silently change nothing.
        if (colon <= 0 || !ANALYTICS_DIMENSIONS.has(d.slice(0, colon))) {
          throw new AppError('HW_VALIDATION', {
            reason: msg('validation.unknownDimension', {
              dimension: d.slice(0, Math.max(colon, 0)) || d,
              allowed: [...ANALYTICS_DIMENSIONS].join(', '),
            }),
          });
        }
        target[d.slice(0, colon)] = d
          .slice(colon + 1)
          .split(';')
          .filter((s) => s !== '');
      }
    }
    for (const [k, items] of Object.entries(filters)) {
      if (items.length !== 1 || dims[k]) {
        throw new AppError('HW_VALIDATION', {
          reason: `filter=${k} takes exactly one item and cannot repeat a dimension`,
        });
      }
    }
    const pick = (k: string): string[] => dims[k] ?? filters[k] ?? [];
    const ou = pick('ou');
    const index = await cachedMetadataIndex(store);
    const viewRoots =
      p.viewPaths === null
        ? undefined
        : [...index.orgUnits.byId.values()].filter((o) => p.viewPaths?.includes(o.path));
    if (viewRoots) {
      const units = resolveOrgUnits(ou, index, await loadAnalyticsCatalog(store.db), viewRoots);
      const outside = units.find((u) => !inScope(p.viewPaths, u.path));
      if (outside) {
        throw outOfScopeError(outside, 'view');
      }
    }
    const result = await queryAnalytics(store, {
      dx: pick('dx'),
      pe: pick('pe'),
      ou,
      userOrgUnits: viewRoots?.map((o) => o.uid),
      co: pick('co')[0],
      skipRounding: c.req.query('skipRounding') === 'true',
      today: c.req.query('relativePeriodDate'),
      locale: c.get('locale'),
    });
    const columns = (['dx', 'pe', 'ou'] as const).filter((k) => dims[k]);
    const withCo = Boolean(dims.co);
    const headers = [
      ...columns.map((k) => ({
        name: k,
        column: { dx: 'Data', pe: 'Period', ou: 'Organisation unit' }[k],
        valueType: 'TEXT',
        type: 'java.lang.String',
        hidden: false,
        meta: true,
      })),
      ...(withCo
        ? [
            {
              name: 'co',
              column: 'Category option',
              valueType: 'TEXT',
              type: 'java.lang.String',
              hidden: false,
              meta: true,
            },
          ]
        : []),
      {
        name: 'value',
        column: 'Value',
        valueType: 'NUMBER',
        type: 'java.lang.Double',
        hidden: false,
        meta: false,
      },
    ];
    const rows = result.rows.map((r) => [
      ...columns.map((k) => r[k]),
      ...(withCo ? [r.co ?? ''] : []),
      String(r.value),
    ]);
    const format = c.req.query('format');
    if (format === 'xlsx' || format === 'csv') {
      // The same table with names instead of ids, for people (the explorer's export).
      const named = rows.map((r) =>
        r.map((cell, i) => (i < r.length - 1 ? (result.items[cell]?.name ?? cell) : cell)),
      );
      const file = await tableFile(
        [
          ...columns.map((k) => ({ dx: '数据', pe: '期间', ou: '机构' })[k]),
          ...(withCo ? ['分类'] : []),
          '数值',
        ],
        named,
        format,
      );
      return c.body(new Uint8Array(file), 200, {
        'content-type':
          format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition(`analytics.${format}`),
      });
    }
    return c.json({
      headers,
      metaData: { items: result.items, dimensions: result.dimensions },
      rows,
      height: rows.length,
      width: headers.length,
    });
  });

  // DHIS2-compatible data value sets.
  app.get('/api/dataValueSets', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const orgUnits = c.req.queries('orgUnit') ?? [];
    const index = await cachedMetadataIndex(store);
    for (const ref of orgUnits) {
      unitInScope(p, 'view', index, ref);
    }
    const filter = await resolveSelection(store, {
      dataSets: c.req.queries('dataSet') ?? [],
      dataElements: c.req.queries('dataElement') ?? [],
      orgUnits,
      orgUnitScope: c.req.query('children') === 'true' ? 'descendants' : 'self',
      periods: c.req.queries('period') ?? [],
    });
    const csv = c.req.header('accept')?.includes('text/csv') === true || c.req.query('format') === 'csv';
    let body = '';
    const sink = new Writable({
      write(chunk: Buffer | string, _enc, cb): void {
        body += chunk.toString();
        cb();
      },
    });
    await exportValues(store, filter, csv ? 'dhis2-csv' : 'dhis2-json', sink);
    return c.body(body, 200, {
      'content-type': csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    });
  });

  app.post('/api/dataValueSets', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_WRITE');
    const opts = {
      actor: p.username,
      locale: c.get('locale'),
      dryRun: c.req.query('dryRun') === 'true',
      skipConflicts:
        c.req.query('importStrategy') === 'SKIP_CONFLICTS' || c.req.query('skipConflicts') === 'true',
      allowOrgUnit: (path: string) => inScope(p.capturePaths, path),
      enforceExpiry: !can(p, 'DATA_EDIT_EXPIRED'),
      today: options.today?.(),
    };
    const type = c.req.header('content-type') ?? '';
    let summary;
    if (type.includes('csv')) {
      summary = await withSpooledUpload(
        c.req.raw.body,
        { dir: options.uploadDir, maxBytes: maxBody, ext: 'csv' },
        (file) => importDataFile(store, file, { ...opts, format: 'csv' }),
      );
    } else if (type.includes('spreadsheetml') || type.includes('xlsx')) {
      summary = await withSpooledUpload(
        c.req.raw.body,
        { dir: options.uploadDir, maxBytes: maxBody, ext: 'xlsx' },
        (file) => importDataFile(store, file, { ...opts, format: 'xlsx' }),
      );
    } else {
      const doc = await readJson(c);
      summary = await importRawValues(store, () => dhis2JsonValues(doc), {
        ...opts,
        fileName: null,
        formatName: 'dhis2-json',
      });
    }
    if (
      !summary.dryRun &&
      summary.status !== 'ERROR' &&
      summary.imported + summary.updated + summary.deleted > 0
    ) {
      options.onDataChanged?.();
    }
    return c.json(summary, summary.status === 'ERROR' ? 409 : 200);
  });

  // Single data values: read, enter/correct, delete (soft), history.
  const ValueQuery = z.object({
    de: z.string().min(1),
    ou: z.string().min(1),
    pe: z.string().min(1),
    co: z.string().optional(),
    cc: z.string().optional(),
  });
  // The one scope check of every handler that names a unit (see auth/access-scope.ts).
  const checkUnit = async (p: Principal, ref: string, scope: ScopeKind): Promise<OrgUnitRow> =>
    unitInScope(p, scope, await cachedMetadataIndex(store), ref);
  const valueQuery = (c: Context): z.infer<typeof ValueQuery> => {
    const q = ValueQuery.safeParse({
      de: c.req.query('de'),
      ou: c.req.query('ou'),
      pe: c.req.query('pe'),
      co: c.req.query('co'),
      cc: c.req.query('cc'),
    });
    if (!q.success) {
      throw new AppError(
        'HW_VALIDATION',
        { reason: 'de, ou, pe' },
        { details: q.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      );
    }
    return q.data;
  };
  app.get('/api/dataValues', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const q = valueQuery(c);
    await checkUnit(p, q.ou, 'view');
    return c.json({
      dataValues: await getValues(store, {
        dataElement: q.de,
        orgUnit: q.ou,
        period: q.pe,
        categoryOptionCombo: q.co,
      }),
    });
  });
  app.post('/api/dataValues', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_WRITE');
    const body = parseBody(DataValueRequest, await readJson(c), 'data value');
    await checkUnit(p, body.orgUnit, 'capture');
    // Validation rules on save: a blocking rule refuses the value (400), the others come back as warnings.
    const validation = await checkRulesOnSave(store, { ...body, locale: c.get('locale') });
    const summary = await setValue(store, body, {
      actor: p.username,
      locale: c.get('locale'),
      enforceExpiry: !can(p, 'DATA_EDIT_EXPIRED'),
      today: options.today?.(),
    });
    if (summary.imported + summary.updated > 0) {
      options.onDataChanged?.({ dataElements: [body.dataElement] });
    }
    return c.json({ ...summary, validation });
  });
  app.delete('/api/dataValues', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_WRITE');
    const q = valueQuery(c);
    await checkUnit(p, q.ou, 'capture');
    const summary = await deleteValue(
      store,
      { dataElement: q.de, orgUnit: q.ou, period: q.pe, categoryOptionCombo: q.co },
      {
        actor: p.username,
        locale: c.get('locale'),
        enforceExpiry: !can(p, 'DATA_EDIT_EXPIRED'),
        today: options.today?.(),
      },
    );
    if (summary.deleted > 0) {
      options.onDataChanged?.({ dataElements: [q.de] });
    }
    return c.json(summary);
  });
  // Data entry: one form (elements × disaggregations with the stored values) and its completion.
  app.get('/api/dataEntry/form', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const q = EntryFormQuery.safeParse({
      ds: c.req.query('ds'),
      ou: c.req.query('ou'),
      pe: c.req.query('pe'),
    });
    if (!q.success) {
      throw new AppError(
        'HW_VALIDATION',
        { reason: 'ds, ou, pe' },
        { details: q.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      );
    }
    return c.json(
      await entryForm(store, { dataSet: q.data.ds, orgUnit: q.data.ou, period: q.data.pe }, (path) =>
        inScope(p.viewPaths, path),
      ),
    );
  });
  app.get('/api/dataEntry/template', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const format = c.req.query('format') ?? 'xlsx';
    const ds = c.req.query('ds');
    if (!ds || !(TEMPLATE_FORMATS as readonly string[]).includes(format)) {
      throw new AppError('HW_VALIDATION', { reason: `ds, format=${TEMPLATE_FORMATS.join('|')}` });
    }
    // The unit and period are written into the file: a unit in the view scope (by its code) and a valid period, never the raw parameter.
    const ouRef = c.req.query('ou');
    const unit = ouRef ? await checkUnit(p, ouRef, 'view') : undefined;
    const pe = c.req.query('pe');
    const t = await dataTemplate(store, {
      dataSet: ds,
      orgUnit: unit ? (unit.code ?? unit.uid) : undefined,
      period: pe ? parsePeriod(pe).id : undefined,
      format: format as TemplateFormat,
    });
    return c.body(new Uint8Array(t.body), 200, {
      'content-type':
        format === 'xlsx'
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv; charset=utf-8',
      'content-disposition': contentDisposition(t.fileName),
    });
  });
  app.post('/api/dataEntry/complete', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_WRITE');
    const body = parseBody(CompletionRequest, await readJson(c), 'dataSet, orgUnit, period, complete');
    await setFormComplete(store, body, body.complete, p.username, (path) => inScope(p.capturePaths, path));
    return c.json({ status: 'ok' });
  });
  // Approval (institution → 镇街 → district) and lock exceptions for expired periods.
  app.get('/api/dataApprovals', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const q = EntryFormQuery.safeParse({
      ds: c.req.query('ds'),
      ou: c.req.query('ou'),
      pe: c.req.query('pe'),
    });
    if (!q.success) {
      throw new AppError(
        'HW_VALIDATION',
        { reason: 'ds, ou, pe' },
        { details: q.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      );
    }
    const ref = { dataSet: q.data.ds, orgUnit: q.data.ou, period: q.data.pe };
    return c.json(
      await approvalView(store, ref, {
        allow: (path) => inScope(p.viewPaths, path),
        locale: c.get('locale'),
        enforceExpiry: !can(p, 'DATA_EDIT_EXPIRED'),
        today: options.today?.(),
      }),
    );
  });
  app.post('/api/dataApprovals', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_APPROVE');
    const body = parseBody(ApprovalRequest, await readJson(c), 'dataSet, orgUnit, period, action');
    await changeApproval(store, body, body.action, {
      actor: p.username,
      allow: (path) => inScope(p.capturePaths, path),
      locale: c.get('locale'),
      reason: body.reason,
    });
    return c.json(
      await approvalView(store, body, {
        allow: () => true,
        locale: c.get('locale'),
        enforceExpiry: !can(p, 'DATA_EDIT_EXPIRED'),
        today: options.today?.(),
      }),
    );
  });
  app.get('/api/lockExceptions', async (c) => {
    requireAuthority(c.get('principal'), 'USER_ADMIN');
    return c.json({ exceptions: await listLockExceptionViews(store) });
  });
  app.post('/api/lockExceptions', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'USER_ADMIN');
    const body = parseBody(LockExceptionRequest, await readJson(c), 'dataSet, orgUnit, period, reason');
    await grantLockException(store, body, body.reason, p.username);
    return c.json({ exceptions: await listLockExceptionViews(store) }, 201);
  });
  app.delete('/api/lockExceptions/:id', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'USER_ADMIN');
    await revokeLockException(store, Number(c.req.param('id')), p.username);
    return c.json({ status: 'ok' });
  });
  app.get('/api/audit', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'AUDIT_READ');
    const ou = c.req.query('ou');
    if (ou) {
      await checkUnit(p, ou, 'view');
    } else if (p.viewPaths !== null) {
      throw new AppError('HW_VALIDATION', { reason: '请指定 ou（specify ou within your scope）' });
    }
    const limit = Math.min(10_000, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
    return c.json({
      audit: await queryAudit(store, {
        dataElement: c.req.query('de'),
        orgUnit: ou,
        period: c.req.query('pe'),
        user: c.req.query('user'),
        limit,
      }),
    });
  });
  // User administration (admins): accounts, roles, scopes, passwords, disabling. Every change is audited.
  app.get('/api/users', async (c) => {
    requireAuthority(c.get('principal'), 'USER_ADMIN');
    return c.json({ users: await listUserAccounts(store) });
  });
  app.post('/api/users', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'USER_ADMIN');
    const body = parseBody(UserCreateRequest, await readJson(c), 'user');
    if (await findAccount(store.db, body.username)) {
      throw new AppError('HW_CONFLICT', { reason: `用户 ${body.username} 已存在（exists; use PATCH）` });
    }
    await saveUserAccount(store, body, p.username);
    const created = (await listUserAccounts(store)).find((u) => u.username === body.username);
    return c.json(created, 201);
  });
  app.patch('/api/users/:username', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'USER_ADMIN');
    const username = c.req.param('username');
    await updateUserAccount(
      store,
      username,
      parseBody(UserPatchRequest, await readJson(c), 'user'),
      p.username,
    );
    return c.json((await listUserAccounts(store)).find((u) => u.username === username));
  });
  app.delete('/api/users/:username', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'USER_ADMIN');
    await updateUserAccount(store, c.req.param('username'), { disabled: true }, p.username);
    return c.json({ status: 'ok' });
  });

  // Early warning: events in the caller's view scope, their workflow, and a run (epidemiologists).
  const eventInScope = async (p: Principal, orgUnitId: number): Promise<boolean> => {
    const ou = (await cachedMetadataIndex(store)).orgUnits.byId.get(orgUnitId);
    return ou !== undefined && inScope(p.viewPaths, ou.path);
  };
  // Events carry the place's code, uid and name and the disease's name, for people and pages.
  const named = async <E extends { orgUnitId: number; disease: string }>(
    events: E[],
  ): Promise<
    (E & {
      orgUnit: string;
      orgUnitUid: string;
      orgUnitName: string;
      diseaseName: string;
      dataElement: string | null;
    })[]
  > => {
    const index = await cachedMetadataIndex(store);
    const diseases = new Map(
      (await loadSurveillanceConfig(store).catch(() => ({ diseases: [] }))).diseases.map((d) => [d.code, d]),
    );
    return events.map((e) => {
      const ou = index.orgUnits.byId.get(e.orgUnitId);
      const d = diseases.get(e.disease);
      return {
        ...e,
        orgUnit: ou?.code ?? ou?.uid ?? '',
        orgUnitUid: ou?.uid ?? '',
        orgUnitName: ou?.name ?? '',
        diseaseName: d?.name ?? e.disease,
        dataElement: d?.dataElement ?? null,
      };
    });
  };
  app.get('/api/surveillance/events', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'SURVEILLANCE');
    // The scope is part of the query, so `limit` counts visible events only.
    const index = await cachedMetadataIndex(store);
    const orgUnitIds =
      p.viewPaths === null
        ? undefined
        : [...index.orgUnits.byId.values()].filter((o) => inScope(p.viewPaths, o.path)).map((o) => o.id);
    const events = await listSurveillanceEvents(store.db, {
      status: c.req.query('status'),
      disease: c.req.query('disease'),
      orgUnitIds,
      limit: Math.min(2000, Number(c.req.query('limit') ?? 500) || 500),
    });
    return c.json({ events: await named(events) });
  });
  const eventOr404 = async (
    p: Principal,
    raw: string,
  ): Promise<NonNullable<Awaited<ReturnType<typeof findSurveillanceEvent>>>> => {
    const e = await findSurveillanceEvent(store.db, Number(raw));
    if (!e || !(await eventInScope(p, e.orgUnitId))) {
      throw new AppError('HW_NOT_FOUND', { kind: '预警事件', id: raw });
    }
    return e;
  };
  app.get('/api/surveillance/events/:id', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'SURVEILLANCE');
    const e = await eventOr404(p, c.req.param('id'));
    const [one] = await named([e]);
    return c.json({ ...one, log: await surveillanceEventLog(store.db, e.id) });
  });
  app.post('/api/surveillance/events/:id/transition', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'SURVEILLANCE');
    const e = await eventOr404(p, c.req.param('id'));
    const body = parseBody(EventTransitionRequest, await readJson(c), 'status');
    const moved = await transitionEvent(store, e.id, body.status, p.username, {
      note: body.note ?? null,
      ...(body.assignee !== undefined ? { assignee: body.assignee } : {}),
    });
    const [one] = await named([moved]);
    return c.json({ ...one, log: await surveillanceEventLog(store.db, e.id) });
  });
  app.get('/api/surveillance/series', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'SURVEILLANCE');
    const weeks = Number(c.req.query('weeks') ?? 26);
    return c.json(
      await surveillanceSeries(store, {
        disease: c.req.query('disease') ?? '',
        orgUnit: c.req.query('ou') ?? '',
        to: c.req.query('to') ?? '',
        weeks: Number.isInteger(weeks) ? weeks : 26,
        allow: (path) => inScope(p.viewPaths, path),
        locale: c.get('locale'),
      }),
    );
  });
  app.post('/api/surveillance/cases', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'SURVEILLANCE');
    const type = c.req.header('content-type') ?? '';
    const ext = type.includes('spreadsheetml') || type.includes('xlsx') ? 'xlsx' : 'csv';
    // The CDC's jurisdiction is its view scope: cases outside it are conflicts of their rows.
    const summary = await withSpooledUpload(
      c.req.raw.body,
      { dir: options.uploadDir, maxBytes: maxBody, ext },
      (file) =>
        importCaseLineList(store, file, {
          actor: p.username,
          locale: c.get('locale'),
          dryRun: c.req.query('dryRun') === 'true',
          allowOrgUnit: (path) => inScope(p.viewPaths, path),
        }),
    );
    if (!summary.dryRun && summary.status !== 'ERROR' && summary.imported + summary.updated > 0) {
      options.onDataChanged?.();
    }
    return c.json(summary, summary.status === 'ERROR' ? 409 : 200);
  });
  app.post('/api/surveillance/run', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'SURVEILLANCE');
    const body = parseBody(SurveillanceRunRequest, await readJson(c), 'from, to');
    // A run covers every township (multi-point triggering compares neighbours): district-wide users only.
    if (!coversEverything(p.viewPaths, await cachedMetadataIndex(store))) {
      throw new AppError('HW_FORBIDDEN', { reason: msg('forbidden.districtWideRun') });
    }
    const r = await runSurveillance(store, {
      from: body.from,
      to: body.to,
      actor: p.username,
      locale: c.get('locale'),
    });
    return c.json({
      from: r.from,
      to: r.to,
      places: r.places,
      diseases: r.diseases,
      events: r.events.length,
      created: r.created,
      updated: r.updated,
    });
  });

  // Data quality: validation runs and results, outliers and completeness, within the caller's view scope.
  app.post('/api/validation/run', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const body = parseBody(ValidationRunRequest, await readJson(c), 'orgUnit, periods');
    await checkUnit(p, body.orgUnit, 'view');
    const r = await runValidation(store, {
      orgUnits: [body.orgUnit],
      descendants: body.descendants ?? false,
      periods: body.periods,
      dataSet: body.dataSet,
      actor: p.username,
      locale: c.get('locale'),
    });
    return c.json(r);
  });
  app.get('/api/validation/results', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const ou = c.req.query('ou') ?? '';
    await checkUnit(p, ou, 'view');
    const list = await storedViolations(store, {
      orgUnit: ou,
      periods: (c.req.query('pe') ?? '').split(',').filter(Boolean),
    });
    if (c.req.query('format') === 'csv') {
      const file = await tableFile(
        ['规则', '重要性', '机构编码', '机构', '期间', '左侧', '右侧', '说明'],
        list.map((v) => [
          v.ruleName,
          v.importance,
          v.orgUnit,
          v.orgUnitName,
          v.period,
          v.left === null ? '' : String(v.left),
          v.right === null ? '' : String(v.right),
          v.message,
        ]),
        'csv',
      );
      return c.body(new Uint8Array(file), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition('validation-results.csv'),
      });
    }
    return c.json({ violations: list });
  });
  app.get('/api/completeness', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const ou = c.req.query('ou') ?? '';
    await checkUnit(p, ou, 'view');
    return c.json(
      await dataSetCompleteness(store, {
        dataSet: c.req.query('ds') ?? '',
        orgUnit: ou,
        periods: (c.req.query('pe') ?? '').split(',').filter(Boolean),
      }),
    );
  });
  // Follow-up: flag a value (an outlier, a doubtful figure) and clear it once checked, with a comment.
  app.get('/api/followups', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const ou = c.req.query('ou') ?? '';
    await checkUnit(p, ou, 'view');
    return c.json({
      dataValues: await listFollowUps(store, {
        orgUnit: ou,
        limit: Math.min(2000, Number(c.req.query('limit') ?? 500) || 500),
      }),
    });
  });
  app.post('/api/followups', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_WRITE');
    const body = parseBody(FollowUpRequest, await readJson(c), 'dataElement, orgUnit, period, followUp');
    // Flagging rewrites the value's comment and flag: a write, so the capture scope and the locks hold.
    await checkUnit(p, body.orgUnit, 'capture');
    return c.json(
      await setFollowUp(store, body, body.followUp, body.comment, {
        actor: p.username,
        locale: c.get('locale'),
        enforceExpiry: !can(p, 'DATA_EDIT_EXPIRED'),
        today: options.today?.(),
      }),
    );
  });
  app.get('/api/outliers', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'DATA_READ');
    const ou = c.req.query('ou') ?? '';
    await checkUnit(p, ou, 'view');
    const method = c.req.query('method') ?? 'modified-z';
    if (!(Object.values(OutlierMethod) as string[]).includes(method)) {
      throw new AppError('HW_UNSUPPORTED_FORMAT', {
        format: method,
        allowed: Object.values(OutlierMethod).join(', '),
      });
    }
    const threshold = c.req.query('threshold') === undefined ? undefined : Number(c.req.query('threshold'));
    const r = await scanOutliers(store, {
      dataElements: (c.req.query('de') ?? '').split(',').filter(Boolean),
      orgUnit: ou,
      descendants: c.req.query('descendants') === 'true',
      from: c.req.query('from') ?? '',
      to: c.req.query('to') ?? '',
      method: method as OutlierMethod,
      ...(threshold !== undefined && threshold > 0 ? { threshold } : {}),
      actor: p.username,
      locale: c.get('locale'),
    });
    return c.json(r);
  });

  app.get('/api/audit/events', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'USER_ADMIN');
    return c.json({
      events: await listEvents(store.db, {
        action: c.req.query('action'),
        username: c.req.query('user'),
        limit: Number(c.req.query('limit') ?? 100) || 100,
      }),
    });
  });

  // Where a metadata writer may change the hierarchy: nowhere limited when their capture scope
  // covers everything, else strictly below its roots (metadata-service.ts checkWriteScope).
  const metadataWriteScope = async (p: Principal): Promise<readonly string[] | null> =>
    coversEverything(p.capturePaths, await cachedMetadataIndex(store)) ? null : (p.capturePaths ?? null);
  // Metadata one object at a time: list, get, create or update (through the metadata checks),
  // delete (refused while anything refers to the object).
  const kindOf = (c: Context): ObjectKind => {
    const k = c.req.param('kind') ?? '';
    if (!isObjectKind(k)) {
      throw new AppError('HW_NOT_FOUND', { kind: 'metadata kind', id: k });
    }
    return k;
  };
  app.get('/api/metadata/:kind', async (c) => {
    requireAuthority(c.get('principal'), 'METADATA_READ');
    return c.json({ [kindOf(c)]: await listObjects(store, kindOf(c)) });
  });
  app.get('/api/metadata/:kind/:id', async (c) => {
    requireAuthority(c.get('principal'), 'METADATA_READ');
    return c.json(await getObject(store, kindOf(c), c.req.param('id')));
  });
  app.put('/api/metadata/:kind/:id', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'METADATA_WRITE');
    const kind = kindOf(c);
    const body = await readJson(c);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError('HW_VALIDATION', { reason: 'object expected' });
    }
    const id = c.req.param('id');
    const obj = { ...(body as Record<string, unknown>) };
    // The path names the object: an id-shaped path is its id, anything else its code.
    if (/^[a-zA-Z][a-zA-Z0-9]{10}$/.test(id)) {
      obj.id = id;
    } else {
      obj.code = id;
    }
    const summary = await importMetadataDocument(
      store,
      { [kind]: [obj] },
      { locale: c.get('locale'), writeScope: await metadataWriteScope(p) },
    );
    await logEvent(store.db, {
      username: p.username,
      action: 'metadata.save',
      target: `${kind}/${id}`,
      ip: clientIp(c),
    });
    return c.json(summary);
  });
  app.delete('/api/metadata/:kind/:id', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'METADATA_WRITE');
    const kind = kindOf(c);
    const writeScope = await metadataWriteScope(p);
    if (writeScope !== null) {
      // Scoped maintainers delete only units strictly below their scope.
      const unit =
        kind === 'orgUnits' ? (await cachedMetadataIndex(store)).orgUnits.find(c.req.param('id')) : undefined;
      if (unit && !belowScope(writeScope, unit.path)) {
        throw new AppError('HW_FORBIDDEN', {
          reason: msg('forbidden.orgUnitOutsideScope', { unit: unit.name }),
        });
      }
    }
    await deleteObject(store, kind, c.req.param('id'), p.username);
    return c.json({ status: 'ok' });
  });

  // Plans and their evaluation.
  app.get('/api/plans', async (c) => {
    requireAuthority(c.get('principal'), 'ANALYTICS_READ');
    return c.json({ plans: await listPlanSummaries(store) });
  });
  app.get('/api/plans/:code/evaluation', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'ANALYTICS_READ');
    const year = Number(c.req.query('year'));
    const kind = c.req.query('kind') ?? 'annual';
    if (!Number.isInteger(year) || !['annual', 'midterm', 'final'].includes(kind)) {
      throw new AppError('HW_VALIDATION', { reason: 'year, kind=annual|midterm|final' });
    }
    const format = c.req.query('format') ?? 'json';
    if (!isReportFormat(format)) {
      throw new AppError('HW_UNSUPPORTED_FORMAT', { format, allowed: REPORT_FORMATS.join(', ') });
    }
    const q = (k: string): string | undefined => c.req.query(k);
    const thresholds = parseThresholds({
      faster: q('faster'),
      onTrack: q('onTrack'),
      approxTolerance: q('approxTolerance'),
      smallNumbers: q('smallNumbers'),
    });
    // Figures for one org unit within the view scope: the one named, else the top for users who
    // see everything, else the user's own view root (never wider than the scope).
    const orgUnit = unitOrDefault(p, await cachedMetadataIndex(store), c.req.query('ou')).uid;
    const e = await evaluatePlanService(store, {
      plan: c.req.param('code'),
      year,
      kind: kind as 'annual',
      locale: c.get('locale'),
      thresholds,
      orgUnit,
    });
    if (format === 'json') {
      return c.json(e);
    }
    const body = await renderEvaluation(e, format, { locale: c.get('locale'), printer: options.printer });
    const name = reportFileName(e, format);
    const disposition = format === 'pdf' || format === 'docx' ? 'attachment' : 'inline';
    return c.body(new Uint8Array(body), 200, {
      'content-type': REPORT_CONTENT_TYPES[format],
      'content-disposition': contentDisposition(name, disposition),
    });
  });

  // Metadata: export for everyone who reads it, import for those who maintain it.
  app.get('/api/metadata', async (c) => {
    requireAuthority(c.get('principal'), 'METADATA_READ');
    return c.json(
      c.req.query('format') === 'dhis2' ? await exportMetadataDhis2(store) : await exportMetadata(store),
    );
  });
  app.post('/api/metadata', async (c) => {
    const p = c.get('principal');
    requireAuthority(p, 'METADATA_WRITE');
    const summary = await importMetadataDocument(store, await readJson(c), {
      locale: c.get('locale'),
      dryRun: c.req.query('dryRun') === 'true',
      writeScope: await metadataWriteScope(p),
    });
    await logEvent(store.db, {
      username: p.username,
      action: 'metadata.import',
      detail: JSON.stringify(summary.counts),
      ip: clientIp(c),
    });
    return c.json(summary);
  });

  serveWebApp(app, options.webRoot);
  return app;
}

/**
 * The web application's files outside /api. It routes by URL hash, so every other page address
 * answers index.html. Without a built app, "/" says how to build it instead of a bare 404.
 */
function serveWebApp(app: Hono<Env>, webRoot: string | undefined): void {
  const outsideApi = (c: { req: { path: string } }): boolean =>
    !c.req.path.startsWith('/api/') && c.req.path !== '/api';
  if (!webRoot) {
    app.get('/', (c) =>
      c.html(
        '<!doctype html><meta charset="utf-8"><title>健康守望</title><p>网页应用尚未构建：请运行 <code>npm run build</code>。The web app is not built: run <code>npm run build</code>. API: <a href="/api/docs">/api/docs</a></p>',
      ),
    );
    return;
  }
  const files = serveStatic({ root: webRoot });
  app.get('*', async (c, next) => (outsideApi(c) ? files(c, next) : next()));
  app.get('*', async (c, next) =>
    outsideApi(c) ? c.html(await readFile(join(webRoot, 'index.html'), 'utf8')) : next(),
  );
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

async function readJson(c: Context): Promise<unknown> {
  let text: string;
  try {
    // Invalid UTF-8 is refused, not silently replaced by U+FFFD (names and comments would change).
    text = strictUtf8.decode(await c.req.arrayBuffer());
  } catch {
    throw new AppError('HW_VALIDATION', { reason: msg('validation.invalidUtf8') });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('HW_VALIDATION', { reason: msg('validation.malformedJson') });
  }
}

function isHttps(c: Context): boolean {
  return c.req.header('x-forwarded-proto') === 'https' || c.req.url.startsWith('https:');
}

function describe(p: Principal): {
  username: string;
  role: string;
  roleName: string;
  authorities: readonly string[];
} {
  const role = ROLES[p.role as keyof typeof ROLES] as (typeof ROLES)[keyof typeof ROLES] | undefined;
  return {
    username: p.username,
    role: p.role,
    roleName: role?.name ?? p.role,
    authorities: role?.authorities ?? [],
  };
}
