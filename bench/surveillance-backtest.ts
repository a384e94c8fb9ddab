/**
 * Backtest of every detection method against the outbreaks labelled in R surveillance's public
 * test series (13 RKI series of 209 weeks and the 12 Berlin districts of `ha`, 290 weeks), as
 * exported by tests/fixtures/surveillance/make-fixtures.R. Prints the metrics and writes
 * bench/results-surveillance.json. `npm run bench -- surveillance`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { backtest } from '@healthwatch/core';
import type { LabelledSeries } from '@healthwatch/core';
import { detect } from '@healthwatch/services';
import type { DetectionOptions, DETECTION_METHODS } from '@healthwatch/services';

const rows = readFileSync(
  new URL('../tests/fixtures/surveillance/series-labelled.csv', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .slice(1);
const by = new Map<string, { counts: number[]; outbreak: boolean[] }>();
for (const line of rows) {
  const [name = '', , count = '0', outbreak = '0'] = line.split(',').map((x) => x.replace(/^"|"$/g, ''));
  const s = by.get(name) ?? { counts: [], outbreak: [] };
  s.counts.push(Number(count));
  s.outbreak.push(outbreak === '1');
  by.set(name, s);
}
const data: LabelledSeries[] = [...by.entries()].map(([name, s]) => ({ name, ...s }));

// Three years of history is what the 209-week series allow; minSigma 1 for EARS on sparse counts.
const settings: { label: string; method: (typeof DETECTION_METHODS)[number]; o: DetectionOptions }[] = [
  { label: 'fixed (≥ 1 case)', method: 'fixed', o: {} },
  { label: 'fixed (≥ 3 cases)', method: 'fixed', o: { threshold: 3 } },
  { label: 'moving percentile P50 (CIDARS default)', method: 'moving-percentile', o: {} },
  { label: 'moving percentile P80', method: 'moving-percentile', o: { percentile: 80 } },
  { label: 'EARS C1', method: 'ears-c1', o: {} },
  { label: 'EARS C1, minSigma 1', method: 'ears-c1', o: { minSigma: 1 } },
  { label: 'EARS C2, minSigma 1', method: 'ears-c2', o: { minSigma: 1 } },
  { label: 'EARS C3 (R)', method: 'ears-c3', o: {} },
  { label: 'EARS C3 (textbook)', method: 'ears-c3', o: { c3: 'textbook' } },
  { label: 'CUSUM (phase 1 = first year)', method: 'cusum', o: {} },
  { label: 'CUSUM with reset', method: 'cusum', o: { reset: true } },
  { label: 'Farrington (b 3, w 3)', method: 'farrington', o: { b: 3 } },
  {
    label: 'Farrington-flexible (b 3, T 1, delta)',
    method: 'farrington-flexible',
    o: { b: 3, weightsThreshold: 1 },
  },
  {
    label: 'Noufaily (b 3, 10 levels, 26 weeks out, nbPlugin)',
    method: 'farrington-flexible',
    o: { b: 3, noPeriods: 10, pastWeeksNotIncluded: 26, pThresholdTrend: 1, thresholdMethod: 'nbPlugin' },
  },
];
const started = performance.now();
const results = settings.map((s) => {
  const t0 = performance.now();
  const m = backtest(data, (y) => detect(y, s.method, s.o));
  return { label: s.label, method: s.method, options: s.o, ...m, ms: Math.round(performance.now() - t0) };
});
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
console.log(
  '| method | POD | POD 1st week | median TTD | sensitivity | specificity | false alarms / 100 | PPV | outbreaks | weeks | ms |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${pct(r.pod)} | ${pct(r.podFirstPeriod)} | ${r.medianTimeToDetection ?? '—'} | ${pct(r.sensitivity)} | ${pct(r.specificity)} | ${r.falseAlarmsPer100.toFixed(2)} | ${pct(r.ppv)} | ${r.detected}/${r.outbreaks} | ${r.periods} | ${r.ms} |`,
  );
}
writeFileSync(
  new URL('./results-surveillance.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), series: data.length, weeks: data.reduce((a, s) => a + s.counts.length, 0), seconds: Math.round(performance.now() - started) / 1000, results }, null, 2)}\n`,
);
