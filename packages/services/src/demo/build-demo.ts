import type { Locale } from '@healthwatch/core';
import { latestDuePeriod, parsePeriod } from '@healthwatch/core';
import { cachedMetadataIndex, insertRegistrations, writeSetting } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { saveUserAccount } from '../auth/accounts-service.js';
import type { RawValue } from '../data-import/raw-values.js';
import { importRawValues } from '../data-import/import-data.js';
import { importMetadataDocument, importMetadataFile } from '../metadata/metadata-service.js';
import { importPlanFile } from '../plans/plan-service.js';
import { saveSurveillanceConfigFile } from '../surveillance/surveillance-service.js';
import { everywhereContext } from '../service-context.js';
import { importValidationRules } from '../validation/validation-service.js';
import {
  DEMO_SOURCE,
  generateDemoDistrict,
  MONTHLY_REPORTING,
  PLANTED_LATE,
  SYNTHETIC_SETTING,
} from './demo-district.js';
import { seededRandom } from './demo-random.js';
import type { DemoDistrict } from './demo-district.js';

export const DEMO_USERS = [
  { username: 'admin', role: 'admin', displayName: '系统管理员' },
  { username: 'stats', role: 'stats', displayName: '区卫健委统计人员', capture: ['JJ'] },
  { username: 'clerk', role: 'clerk', displayName: '白沙中心卫生院填报员', capture: ['JJ-BS-HC'] },
  { username: 'viewer', role: 'viewer', displayName: '领导（查看）', view: ['JJ'] },
  { username: 'cdc', role: 'cdc', displayName: '区疾控中心', view: ['JJ'] },
] as const;

export interface DemoBuildOptions {
  /** packs/standard-library/metadata.json */
  standardLibrary: string;
  /** packs/notifiable-diseases/metadata.json */
  notifiableDiseases: string;
  /** packs/notifiable-diseases/surveillance.json */
  surveillanceConfig: string;
  /** packs/standard-library/validation-rules.json */
  validationRules: string;
  /** Plan files to load (packs/plans/*.json). */
  plans: readonly string[];
  password: string;
  locale: Locale;
  seed?: number;
  /** The day the demo is built for (default: today in the deployment's time zone). */
  today?: string;
}

/**
 * Builds the demo district into a migrated, empty store: the standard indicator library, the
 * generated district (544 institutions in 30 镇街, 2020–2024, and the monthly service reports of the
 * last three months through the latest month due on `today`), the Jiangjin plans and one login per
 * role. Every value carries the synthetic-data source, and the store is marked synthetic.
 */
export async function buildDemoDistrict(
  store: Store,
  opts: DemoBuildOptions,
): Promise<{ district: DemoDistrict['counts']; values: number; recentThrough: string }> {
  // The demo is built by `demo`, everywhere (as the command line acts).
  const ctx = everywhereContext('demo', opts.locale, opts.today);
  // Monthly reports through the latest month due today, so "the last period" has reports; the
  // same today builds the same demo.
  const recentThrough = latestDuePeriod('Monthly', MONTHLY_REPORTING, ctx.today).id;
  const district = generateDemoDistrict(opts.seed, { recentThrough });
  await importMetadataFile(store, ctx, opts.standardLibrary);
  await importMetadataFile(store, ctx, opts.notifiableDiseases);
  await importMetadataDocument(store, ctx, district.metadata, { format: 'native' });
  function* rows(): Generator<RawValue> {
    let row = 1;
    for (const v of district.values) {
      row++;
      yield { row, fields: { ...v }, problems: [] };
    }
  }
  const summary = await importRawValues(store, ctx, () => rows(), {
    source: DEMO_SOURCE,
    status: 'final',
    fileName: null,
    formatName: 'demo',
  });
  await registerDemoReports(store, district, opts.seed);
  for (const plan of opts.plans) {
    await importPlanFile(store, plan);
  }
  await saveSurveillanceConfigFile(store, opts.surveillanceConfig);
  await importValidationRules(store, opts.validationRules);
  await writeSetting(store.db, SYNTHETIC_SETTING, 'true');
  for (const u of DEMO_USERS) {
    await saveUserAccount(store, ctx, { ...u, password: opts.password });
  }
  return { district: district.counts, values: summary.imported, recentThrough };
}

/**
 * Marks every monthly report of the demo complete, 1–9 days after the period end (on time: the
 * monthly sets allow 10), except the planted late reports; timeliness needs these dates, since all
 * the demo's values carry the time the demo was built.
 */
async function registerDemoReports(store: Store, district: DemoDistrict, seed = 20250101): Promise<void> {
  const index = await cachedMetadataIndex(store);
  const rand = seededRandom(seed + 2);
  const late = new Map(PLANTED_LATE.map((l) => [`${l.dataSet}|${l.orgUnit}|${l.period}`, l.daysAfterEnd]));
  for (const ds of [...index.dataSets.byId.values()].filter((d) => d.periodType === 'Monthly')) {
    const codes = new Set([...ds.elementIds].map((id) => index.dataElements.byId.get(id)?.code));
    const reported = new Set<string>();
    for (const v of district.values) {
      if (codes.has(v.dataElement)) {
        reported.add(`${v.orgUnit}|${v.period}`);
      }
    }
    const rows = [...reported].sort().flatMap((key) => {
      const [ouCode = '', period = ''] = key.split('|');
      const ou = index.orgUnits.find(ouCode);
      if (!ou) {
        return [];
      }
      const days = late.get(`${ds.code ?? ''}|${ouCode}|${period}`) ?? 1 + Math.floor(rand() * 9);
      // 10:00 in Chongqing (02:00 UTC) on that day.
      const completedAt = Date.parse(`${parsePeriod(period).endDate}T02:00:00Z`) + days * 86_400_000;
      return [{ dataSetId: ds.id, orgUnitId: ou.id, period, completedBy: 'demo', completedAt }];
    });
    await insertRegistrations(store.db, rows);
  }
}
