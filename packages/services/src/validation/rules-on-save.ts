import { AppError, collectItems, compileRule, evaluateRule, parsePeriod } from '@healthwatch/core';
import type { DataItem, ValidationRuleSpec } from '@healthwatch/core';
import { cachedMetadataIndex, listValidationRules } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { queryAnalytics } from '../analytics/analytics-service.js';
import { getValues } from '../data-values/value-service.js';
import type { ServiceContext } from '../service-context.js';
import { describeViolation } from './validation-service.js';

export interface RuleOnSave {
  rule: string;
  ruleName: string;
  importance: string;
  instruction: string;
  /** The rule refuses the value (else it only warns). */
  blocking: boolean;
  message: string;
}

/**
 * The validation rules a value about to be saved would break, at its unit and period: the rules of
 * the period type (and the unit's level) that use its data element, evaluated on the stored data
 * with this value in place of the stored one. A `blocking` rule refuses the value; the others warn.
 */
export async function rulesOnSave(
  store: Store,
  ctx: ServiceContext,
  v: {
    dataElement: string;
    orgUnit: string;
    period: string;
    categoryOptionCombo?: string | undefined;
    value: string;
  },
): Promise<RuleOnSave[]> {
  const index = await cachedMetadataIndex(store);
  const de = index.findDataElement(v.dataElement);
  const ou = index.findOrgUnit(v.orgUnit);
  const next = Number(v.value);
  if (!de || !ou || ou === 'ambiguous' || !Number.isFinite(next)) {
    return []; // the save itself reports what is wrong
  }
  const period = parsePeriod(v.period);
  const combos = index.cocsByCombo.get(de.comboId) ?? [];
  const coc = v.categoryOptionCombo
    ? index.findCoc(de.comboId, v.categoryOptionCombo)
    : combos.length === 1
      ? combos[0]
      : undefined;
  if (!coc) {
    return [];
  }
  const uses = (i: DataItem): boolean =>
    i.kind === 'dataElement' && index.findDataElement(i.de)?.id === de.id;
  const rules = (await listValidationRules(store.db))
    .map((r) => r.doc as ValidationRuleSpec)
    .filter((r) => r.periodType === period.type && (!r.orgUnitLevels || r.orgUnitLevels.includes(ou.level)))
    .map((r) => ({ rule: r, compiled: compileRule(r) }))
    .filter(({ compiled }) =>
      [...collectItems(compiled.left).values(), ...collectItems(compiled.right).values()].some(uses),
    );
  if (rules.length === 0) {
    return [];
  }
  const stored = (
    await getValues(store, {
      dataElement: de.uid,
      orgUnit: ou.uid,
      period: period.id,
      categoryOptionCombo: coc.uid,
    })
  ).find((x) => !x.deleted);
  const previous =
    stored?.value !== null && stored?.value !== undefined && Number.isFinite(Number(stored.value))
      ? Number(stored.value)
      : null;
  const operand = (i: DataItem): string | null => {
    if (i.kind !== 'dataElement') {
      return null;
    }
    const row = index.findDataElement(i.de);
    const c = row && i.coc ? index.findCoc(row.comboId, i.coc) : undefined;
    return row ? (c ? `${row.uid}.${c.uid}` : row.uid) : null;
  };
  const items = rules.flatMap(({ compiled }) => [
    ...collectItems(compiled.left).values(),
    ...collectItems(compiled.right).values(),
  ]);
  const dx = [...new Set(items.map(operand).filter((x): x is string => x !== null))];
  const r = await queryAnalytics(store, ctx, {
    dx,
    pe: [period.id],
    ou: [ou.uid],
    skipRounding: true,
  });
  const values = new Map(r.rows.map((row) => [row.dx, row.value]));
  const item = (i: DataItem): number | null => {
    const id = operand(i);
    const base = id ? (values.get(id) ?? null) : null;
    // The edited cell counts towards the element's total and towards its own option combo.
    if (uses(i) && (i.kind !== 'dataElement' || !i.coc || index.findCoc(de.comboId, i.coc)?.id === coc.id)) {
      return (base ?? 0) - (previous ?? 0) + next;
    }
    return base;
  };
  const out: RuleOnSave[] = [];
  for (const { rule, compiled } of rules) {
    const outcome = evaluateRule(rule, compiled, { item });
    if (outcome.status === 'fail') {
      out.push({
        rule: rule.code,
        ruleName: rule.name,
        importance: rule.importance,
        instruction: rule.instruction,
        blocking: rule.blocking === true,
        message: describeViolation(rule, outcome.left, outcome.right),
      });
    }
  }
  return out;
}

/** Throws when a blocking rule refuses the value; answers the warnings otherwise. */
export async function checkRulesOnSave(
  store: Store,
  ctx: ServiceContext,
  v: Parameters<typeof rulesOnSave>[2],
): Promise<RuleOnSave[]> {
  const broken = await rulesOnSave(store, ctx, v);
  const blocking = broken.filter((b) => b.blocking);
  if (blocking.length > 0) {
    throw new AppError(
      'HW_VALUE_INVALID',
      { reason: blocking.map((b) => `${b.ruleName}：${b.message}。${b.instruction}`).join('；') },
      {
        details: blocking.map((b) => ({ path: `rule ${b.rule}`, message: `${b.message}。${b.instruction}` })),
      },
    );
  }
  return broken;
}
