/**
 * Our detection goal (false alarms ≤ 1 % of series-weeks at POD ≥ 85 % for outbreaks of ≥ 3
 * baseline SDs, median time to detection ≤ 1 period; bench/RESULTS.md §5b) is stated for injected outbreaks:
 * this injects such outbreaks (Noufaily-style: a total of k·SD cases of the same weeks in earlier
 * years, spread log-normally over 1–3 weeks) into the last year of R's public series, labels them,
 * and scores every method. Seeded; prints a table and writes bench/results-surveillance-injected.json.
 * `npm run bench -- surveillance-injected`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { backtest, sd } from '@healthwatch/core';
import type { Detection, LabelledSeries } from '@healthwatch/core';
import { detect, seededRandom } from '@healthwatch/services';
import type { DetectionMethod, DetectionOptions } from '@healthwatch/services';

const rows = readFileSync(
  new URL('../tests/fixtures/surveillance/series-labelled.csv', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .slice(1);
const base = new Map<string, number[]>();
for (const line of rows) {
  const [name = '', , count = '0'] = line.split(',').map((x) => x.replace(/^"|"$/g, ''));
  base.set(name, [...(base.get(name) ?? []), Number(count)]);
}
const rand = seededRandom(20_241_123);
const REPLICATES = 20;
const K = 3;

/** Each replicate: one outbreak per series at a random week of the last year, size K × SD of the same weeks ±3 in earlier years. */
const data: LabelledSeries[] = [];
for (let r = 0; r < REPLICATES; r++) {
  for (const [name, counts] of base) {
    const n = counts.length;
    const start = n - 52 + Math.floor(rand() * 48);
    const ref: number[] = [];
    for (let y = 1; y <= 3; y++) {
      for (let j = -3; j <= 3; j++) {
        const v = counts[start - 52 * y + j];
        if (v !== undefined) {
          ref.push(v);
        }
      }
    }
    const total = Math.max(2, Math.round(K * (sd(ref) || 1)));
    const length = 1 + Math.floor(rand() * 3);
    const y = [...counts];
    const outbreak = counts.map(() => false);
    // Log-normal-ish split of the cases over the outbreak weeks, front-loaded.
    const weights = Array.from({ length }, (_, i) => Math.exp(-((i - 0.5) ** 2) / 2));
    const sum = weights.reduce((a, b) => a + b, 0);
    let left = total;
    for (let i = 0; i < length; i++) {
      const add = i === length - 1 ? left : Math.round((total * (weights[i] ?? 0)) / sum);
      y[start + i] = (y[start + i] ?? 0) + add;
      outbreak[start + i] = true;
      left -= add;
    }
    data.push({ name: `${name}#${r}`, counts: y, outbreak });
  }
}

// Every method monitors the same last year, so POD and false alarms compare like with like.
const from = Math.min(...data.map((s) => s.counts.length)) - 51;
const settings: { label: string; method: DetectionMethod; o: DetectionOptions }[] = [
  { label: 'moving percentile P50 (CIDARS default)', method: 'moving-percentile', o: {} },
  { label: 'moving percentile P90', method: 'moving-percentile', o: { percentile: 90 } },
  { label: 'EARS C1, minSigma 1', method: 'ears-c1', o: { minSigma: 1 } },
  { label: 'EARS C2, minSigma 1', method: 'ears-c2', o: { minSigma: 1 } },
  { label: 'EARS C3 (textbook)', method: 'ears-c3', o: { c3: 'textbook', minSigma: 1 } },
  { label: 'CUSUM with reset', method: 'cusum', o: { reset: true } },
  { label: 'Farrington (b 3)', method: 'farrington', o: { b: 3 } },
  { label: 'Farrington-flexible (b 3, delta)', method: 'farrington-flexible', o: { b: 3 } },
];
const t0 = performance.now();
const results = settings.map((s) => {
  const started = performance.now();
  // Series shorter than the method's history start later; the monitored window is the last year.
  const m = backtest(data, (y) => detect(y, s.method, { ...s.o, from: y.length - 51 }));
  return { label: s.label, ...m, ms: Math.round(performance.now() - started) };
});
// Multi-point triggering at one place: the methods HealthWatch runs on every disease
// (packs/notifiable-diseases/surveillance.json) fused week by week — any of them, or at least two
// agreeing (neighbouring places, the other half of the fusion, need a map these series lack).
const trio: { method: DetectionMethod; o: DetectionOptions }[] = [
  { method: 'ears-c2', o: { minSigma: 1 } },
  { method: 'moving-percentile', o: { percentile: 80, minCases: 3 } },
  { method: 'farrington-flexible', o: { b: 3, weightsThreshold: 2.58, pastWeeksNotIncluded: 3 } },
];
for (const [label, needed] of [
  ['configured trio, any method', 1],
  ['configured trio, ≥ 2 methods agree (multi-point)', 2],
] as const) {
  const started = performance.now();
  const m = backtest(data, (y) => {
    const runs = trio.map(
      (t) => new Map(detect(y, t.method, { ...t.o, from: y.length - 51 }).map((d) => [d.t, d])),
    );
    // The moving percentile covers every monitored week; its detections carry the fused alarm.
    const base = runs[1] ?? new Map<number, Detection>();
    return [...base.values()].map((d) => ({
      ...d,
      alarm: runs.filter((r) => r.get(d.t)?.alarm === true).length >= needed,
    }));
  });
  results.push({ label, ...m, ms: Math.round(performance.now() - started) });
}
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
console.log(
  `${data.length} series (${REPLICATES} replicates × ${base.size}), outbreaks of ${K} baseline SDs in the last 52 weeks (from week ${from} of the shortest)`,
);
console.log(
  '| method | POD | POD 1st week | median TTD | specificity | false alarms / 100 | PPV | outbreaks | weeks | ms |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${pct(r.pod)} | ${pct(r.podFirstPeriod)} | ${r.medianTimeToDetection ?? '—'} | ${pct(r.specificity)} | ${r.falseAlarmsPer100.toFixed(2)} | ${pct(r.ppv)} | ${r.detected}/${r.outbreaks} | ${r.periods} | ${r.ms} |`,
  );
}
writeFileSync(
  new URL('./results-surveillance-injected.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), replicates: REPLICATES, k: K, seconds: Math.round(performance.now() - t0) / 1000, results }, null, 2)}\n`,
);
