import type { cliOutputZhCN } from './cli-output-zh-CN.js';

/** What the CLI prints of its own, in English (the same keys as cli-output-zh-CN.ts). */
export const cliOutputEn = {
  'cli.casesSummed': '{cases} cases, summed into {counts} daily counts',
  'cli.surveillanceRun':
    'Early warning {from}–{to}: {diseases} diseases × {places} places, {events} events ({created} new, {updated} updated)',
  'cli.detected': '{method}: {points} time points, {alarms} alarms{which}',
  'cli.detectedAt': ' ({at}{more})',
  'cli.demoBuilt': 'Demo district created: {db}',
  'cli.demoDistrict':
    '  Demo district (synthetic data): {towns} townships, {institutions} health institutions ({publicHospitals} public hospitals, {healthCentres} township health centres, {communityCentres} community health centres, {villageClinics} village clinics, {privateHospitals} private hospitals, {clinics} clinics), {values} data values: 2020–2024 and the monthly reports of the last three months (to {recentThrough})',
  'cli.demoPlans':
    '  Plans: jiangjin-13th (13th five-year plan, completed), jiangjin-14th (14th five-year plan)',
  'cli.demoWarning': '  Early warning 2024W15–2024W26: {events} events ({grades})',
  'cli.demoGrade': '{grade} {count}',
  'cli.demoLogins': 'Demo logins (password: {password}):',
  'cli.demoPasswordFromEnv': 'from HEALTHWATCH_DEMO_PASSWORD',
  'cli.demoWeb': 'Web app: healthwatch --db {db} serve, then open http://127.0.0.1:8080/',
  'cli.demoTry': 'Try:',
  'cli.demoTryValidate': 'data quality: the planted problems',
  'cli.demoTryWarnings': 'early warning: the planted hand, foot and mouth cluster in Baisha',
  'cli.demoCorrection': 'corrected',
  'cli.planWarning': 'warning: {path}: {message}',
  'cli.planStatus.completed': 'completed',
  'cli.planStatus.active': 'in progress',
  'cli.planLine': '{code}\t{name}\t{from}–{to}\t{status}\t{indicators} indicators\t{projects} projects',
  'cli.outlierLine': '{score}\t{unit}\t{period}\t{element}\t{value}\texpected {lower}–{upper}',
  'cli.outliersScanned': 'outlier scan ({method}): {series} series, {findings} outliers',
  'cli.outliersMarked': ', marked for follow-up',
  'cli.completenessHeader': 'area\texpected\tactual\tcompleteness\ton time\ttimeliness',
  'cli.completenessTotal': 'total',
  'cli.completenessMissing': 'missing',
  'cli.completenessLate': 'late',
  'cli.completenessDue': 'due {date}',
  'cli.completenessNotMarked': 'not marked complete',
  'cli.completenessDoneOn': 'completed on {date}',
  'cli.completenessSummary':
    '{dataSet}: expected {expected}, actual {actual}, missing {missing}, on time {onTime} (marked complete within {timelyDays} days of the period end), late {late}',
} as const satisfies { readonly [K in keyof typeof cliOutputZhCN]: string };
