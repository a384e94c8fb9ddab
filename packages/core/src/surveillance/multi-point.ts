import type { Detection } from './detection.js';

/**
 * Multi-point triggering (多点触发): signals from several methods, neighbouring townships, several
 * periods and the size of the excess are fused into graded events (blue, yellow, orange, red), each
 * with a plain-language Chinese explanation of the evidence.
 */

export const EventGrade = { BLUE: 'blue', YELLOW: 'yellow', ORANGE: 'orange', RED: 'red' } as const;
export type EventGrade = (typeof EventGrade)[keyof typeof EventGrade];

export const GRADE_LABELS: Readonly<Record<EventGrade, { zh: string; en: string }>> = {
  blue: { zh: '蓝色', en: 'Blue' },
  yellow: { zh: '黄色', en: 'Yellow' },
  orange: { zh: '橙色', en: 'Orange' },
  red: { zh: '红色', en: 'Red' },
};

/** One place's series for one disease: its periods and what each method found. */
export interface UnitSignals {
  unit: string;
  unitName: string;
  /** Period labels, oldest first (e.g. `2024W23` or `2024-06-03`); detections index them by t (1-based). */
  periods: readonly string[];
  /** Method name (as shown to users, e.g. "EARS C2") → its detections. */
  methods: Readonly<Record<string, readonly Detection[]>>;
}

export interface FusionOptions {
  /** Unit code → neighbouring unit codes (shared border or nearest towns). */
  neighbours?: Readonly<Record<string, readonly string[]>>;
  /** Diseases managed as class A / fixed threshold: any signal is red at once. */
  immediate?: boolean;
  /** Points for yellow, orange and red (default 3, 5, 7; fewer is blue). */
  cutPoints?: readonly [number, number, number];
}

export interface FusedEvent {
  disease: string;
  unit: string;
  unitName: string;
  /** The first and last period with a signal in this run of signals (graded at its strongest period). */
  from: string;
  to: string;
  grade: EventGrade;
  points: number;
  evidence: {
    observed: number;
    expected: number | null;
    upperbound: number | null;
    methods: string[];
    /** Consecutive periods with a signal, ending at `to`. */
    periods: number;
    /** Neighbouring units with a signal in the same or the previous period. */
    neighbours: string[];
    /** observed ÷ upper bound at `to`. */
    excess: number | null;
  };
  explanation: string;
}

const fmt = (x: number | null): string => (x === null ? '—' : String(Math.round(x * 10) / 10));

function gradeOf(points: number, cut: readonly [number, number, number]): EventGrade {
  return points >= cut[2] ? 'red' : points >= cut[1] ? 'orange' : points >= cut[0] ? 'yellow' : 'blue';
}

/**
 * Fuses the detections of one disease across methods, places and periods. A place has a signal in
 * a period when any method alarms. Each run of consecutive signal periods in a place becomes one
 * event, graded at its strongest period by points: methods agreeing (1 per method, at most 3),
 * persistence (+1 for two periods, +2 for three or more), neighbouring places with signals in the
 * same or previous period (+1 each, at most 2), and the size of the excess (+1 at twice the upper
 * bound, +2 at three times). Class-A diseases (`immediate`) are red at once.
 */
export function fuseSignals(
  disease: string,
  units: readonly UnitSignals[],
  o: FusionOptions = {},
): FusedEvent[] {
  const cut = o.cutPoints ?? [3, 5, 7];
  // Which periods have a signal in each unit (by period label, so places align on dates).
  const signalAt = new Map<string, Set<string>>();
  for (const u of units) {
    const set = new Set<string>();
    for (const dets of Object.values(u.methods)) {
      for (const d of dets) {
        if (d.alarm) {
          set.add(u.periods[d.t - 1] ?? '');
        }
      }
    }
    signalAt.set(u.unit, set);
  }
  const nameOf = new Map(units.map((u) => [u.unit, u.unitName]));
  const events: FusedEvent[] = [];
  const assess = (u: UnitSignals, period: string, i: number, run: number, runStart: string): FusedEvent => {
    const t = i + 1;
    const agreeing = Object.entries(u.methods)
      .filter(([, dets]) => dets.some((d) => d.t === t && d.alarm))
      .map(([m]) => m);
    const best = Object.values(u.methods)
      .map((dets) => dets.find((d) => d.t === t))
      .filter((d): d is Detection => d !== undefined && d.alarm)
      .sort((a, b) => (a.upperbound ?? Infinity) - (b.upperbound ?? Infinity))[0];
    const observed = best?.observed ?? 0;
    const upper = best?.upperbound ?? null;
    const expected = best?.expected ?? null;
    const previous = u.periods[i - 1];
    const near = (o.neighbours?.[u.unit] ?? []).filter((n) => {
      const s = signalAt.get(n);
      return s !== undefined && (s.has(period) || (previous !== undefined && s.has(previous)));
    });
    const excess = upper !== null && upper > 0 ? observed / upper : null;
    const points =
      Math.min(3, agreeing.length) +
      (run >= 3 ? 2 : run === 2 ? 1 : 0) +
      Math.min(2, near.length) +
      (excess === null ? 0 : excess >= 3 ? 2 : excess >= 2 ? 1 : 0);
    const grade = o.immediate ? 'red' : gradeOf(points, cut);
    const parts = [
      `${u.unitName} ${period} 报告${disease} ${observed} 例${expected !== null ? `，期望 ${fmt(expected)} 例` : ''}${upper !== null ? `，预警上限 ${fmt(upper)}` : ''}`,
      agreeing.length > 1
        ? `${agreeing.join('、')} ${agreeing.length} 种方法同时预警`
        : `${agreeing[0] ?? ''} 预警`,
      run > 1 ? `连续 ${run} 个周期超限（自 ${runStart} 起）` : '',
      near.length > 0 ? `相邻的${near.map((n) => nameOf.get(n) ?? n).join('、')}同期预警` : '',
      excess !== null && excess >= 2 ? `病例数为上限的 ${fmt(excess)} 倍` : '',
      o.immediate ? '该病按甲类管理，单例即报' : '',
    ].filter((x) => x !== '');
    return {
      disease,
      unit: u.unit,
      unitName: u.unitName,
      from: runStart,
      to: period,
      grade,
      points,
      evidence: {
        observed,
        expected,
        upperbound: upper,
        methods: agreeing,
        periods: run,
        neighbours: near,
        excess,
      },
      explanation: `${parts.join('；')}。分级：${GRADE_LABELS[grade].zh}（${points} 分）。`,
    };
  };
  for (const u of units) {
    const signals = signalAt.get(u.unit) ?? new Set<string>();
    let run = 0;
    let runStart = '';
    let peak: FusedEvent | null = null;
    u.periods.forEach((period, i) => {
      if (!signals.has(period)) {
        run = 0;
        peak = null;
        return;
      }
      run++;
      if (run === 1) {
        runStart = period;
      }
      const here = assess(u, period, i, run, runStart);
      if (!peak || here.points >= peak.points) {
        peak = here;
      }
      const next = u.periods[i + 1];
      // An event closes at the last period of a run; it is graded at its strongest period.
      if (next === undefined || !signals.has(next)) {
        const lasting =
          run > 1 && peak.evidence.periods < run
            ? peak.explanation.replace(
                '。分级：',
                `；信号共持续 ${run} 个周期（${runStart}—${period}）。分级：`,
              )
            : peak.explanation;
        events.push({
          ...peak,
          from: runStart,
          to: period,
          evidence: { ...peak.evidence, periods: run },
          explanation: lasting,
        });
      }
    });
  }
  const order: Record<EventGrade, number> = { red: 0, orange: 1, yellow: 2, blue: 3 };
  return events.sort(
    (a, b) => order[a.grade] - order[b.grade] || b.points - a.points || a.to.localeCompare(b.to),
  );
}
