import type { surveillanceZhCN } from './surveillance-zh-CN.js';

/** The messages of early warning in English (the same keys as surveillance-zh-CN.ts). */
export const surveillanceEn = {
  'surveillance.explanation':
    '{observed}{methods}{run}{near}{excess}{immediate}{lasting}. Grade: {grade} ({points} points).',
  'surveillance.observed': '{unit} {period}: {observed} cases of {disease} reported{expected}{upper}',
  'surveillance.expected': ', {value} expected',
  'surveillance.upper': ', alert threshold {value}',
  'surveillance.methodsAgree': '; {count} methods alarm together ({methods})',
  'surveillance.methodAlone': '; {method} alarms',
  'surveillance.run': '; above the threshold for {run} consecutive periods (since {from})',
  'surveillance.neighbours': '; neighbouring {names} alarm in the same period',
  'surveillance.excess': '; cases are {excess} times the threshold',
  'surveillance.immediate': '; managed as a class A disease: a single case is reported at once',
  'surveillance.lasting': '; the signal lasted {run} periods ({from}–{to})',
  'case.unknownDisease': 'Unknown disease "{value}" (not in the early-warning configuration)',
  'case.invalidOnset': 'Onset date "{value}" is invalid (use year-month-day, e.g. 2024-06-03)',
  'case.unknownPlace': 'Unknown township "{value}"',
  'case.ambiguousPlace': 'Township name "{value}" matches several units; use the code',
  'case.duplicateCard': 'Card number {value} appears twice',
} as const satisfies { readonly [K in keyof typeof surveillanceZhCN]: string };
