import { msg } from '../i18n/translate.js';
import type { MessageRef } from '../i18n/translate.js';
import type { Detection } from './detection.js';

/**
 * Multi-point triggering (多点触发): signals from several methods, neighbouring townships, several
 * periods and the size of the excess are fused into graded events (blue, yellow, orange, red), each
 * with a plain-language explanation of the evidence. The explanation is a catalogue message with
 * its parameters (stored so, rendered when read in the reader's language), never fixed text.
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
  /** `surveillance.explanation` with its parts as parameters (render with `renderParam`). */
  explanation: MessageRef;
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
  /** One period's event, and its explanation for a run that lasts beyond the graded period. */
  type Assessed = { event: FusedEvent; lasting: (total: number, from: string, to: string) => MessageRef };
  const assess = (u: UnitSignals, period: string, i: number, run: number, runStart: string): Assessed => {
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
    // Each optional part is a message of its own (starting with its separator) or empty.
    const explanation = (lasting: MessageRef | ''): MessageRef =>
      msg('surveillance.explanation', {
        observed: msg('surveillance.observed', {
          unit: u.unitName,
          period,
          disease,
          observed,
          expected: expected !== null ? msg('surveillance.expected', { value: fmt(expected) }) : '',
          upper: upper !== null ? msg('surveillance.upper', { value: fmt(upper) }) : '',
        }),
        methods:
          agreeing.length > 1
            ? msg('surveillance.methodsAgree', { methods: agreeing, count: agreeing.length })
            : msg('surveillance.methodAlone', { method: agreeing[0] ?? '' }),
        run: run > 1 ? msg('surveillance.run', { run, from: runStart }) : '',
        near:
          near.length > 0
            ? msg('surveillance.neighbours', { names: near.map((n) => nameOf.get(n) ?? n) })
            : '',
        excess: excess !== null && excess >= 2 ? msg('surveillance.excess', { excess: fmt(excess) }) : '',
        immediate: o.immediate ? msg('surveillance.immediate') : '',
        lasting,
        grade: GRADE_LABELS[grade],
        points,
      });
    const event: FusedEvent = {
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
      explanation: explanation(''),
    };
    return {
      event,
      lasting: (total, from, to) => explanation(msg('surveillance.lasting', { run: total, from, to })),
    };
  };
  for (const u of units) {
    const signals = signalAt.get(u.unit) ?? new Set<string>();
    let run = 0;
    let runStart = '';
    let peak: Assessed | null = null;
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
      if (!peak || here.event.points >= peak.event.points) {
        peak = here;
      }
      const next = u.periods[i + 1];
      // An event closes at the last period of a run; it is graded at its strongest period.
      if (next === undefined || !signals.has(next)) {
        const best = peak.event;
        events.push({
          ...best,
          from: runStart,
          to: period,
          evidence: { ...best.evidence, periods: run },
          explanation:
            run > 1 && best.evidence.periods < run ? peak.lasting(run, runStart, period) : best.explanation,
        });
      }
    });
  }
  const order: Record<EventGrade, number> = { red: 0, orange: 1, yellow: 2, blue: 3 };
  return events.sort(
    (a, b) => order[a.grade] - order[b.grade] || b.points - a.points || a.to.localeCompare(b.to),
  );
}
