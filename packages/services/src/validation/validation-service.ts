import {
  AppError,
  msg,
  collectItems,
  compileRule,
  evaluateRule,
  OPERATOR_SYMBOLS,
  parsePeriod,
} from '@healthwatch/core';
import type { DataItem, ErrorDetail, ValidationRuleSpec } from '@healthwatch/core';
import {
  cachedMetadataIndex,
  listValidationRules,
  listViolations,
  replaceViolations,
  saveValidationRules,
} from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import * as z from 'zod';
import { readJsonFile } from '../files/read-json-file.js';
import { queryAnalytics } from '../analytics/analytics-service.js';
import { ScopeKind, unitInScope } from '../auth/access-scope.js';
import { accessScope } from '../service-context.js';
import type { ServiceContext } from '../service-context.js';

const Side = z.object({
  expression: z.string().min(1).max(10_000),
  description: z.string().optional(),
  missingValueStrategy: z
    .enum(['SKIP_IF_ANY_VALUE_MISSING', 'SKIP_IF_ALL_VALUES_MISSING', 'NEVER_SKIP'])
    .optional(),
});
/** The validation-rule file (docs/data-quality.md): `{ "rules": [ … ] }`. */
export const ValidationRuleFile = z.object({
  rules: z.array(
    z.object({
      code: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
      name: z.string().min(1),
      instruction: z.string().min(1),
      importance: z.enum(['HIGH', 'MEDIUM', 'LOW']).default('MEDIUM'),
      operator: z.enum([
        'equal_to',
        'not_equal_to',
        'greater_than',
        'greater_than_or_equal_to',
        'less_than',
        'less_than_or_equal_to',
        'compulsory_pair',
        'exclusive_pair',
      ]),
      left: Side,
      right: Side,
      periodType: z.enum(['Daily', 'Weekly', 'Monthly', 'Quarterly', 'SixMonthly', 'Yearly', 'FinancialOct']),
      orgUnitLevels: z.array(z.number().int().min(1)).optional(),
      blocking: z.boolean().optional(),
    }),
  ),
});

/** Imports rules; every problem (bad expression, unknown data element or option combo) is reported with its path and nothing is saved. */
export async function importValidationRules(store: Store, path: string): Promise<number> {
  const doc = await readJsonFile(path, ValidationRuleFile);
  const index = await cachedMetadataIndex(store);
  const problems: ErrorDetail[] = [];
  doc.rules.forEach((r, i) => {
    for (const side of ['left', 'right'] as const) {
      try {
        const expr = compileRule(r)[side];
        for (const item of collectItems(expr).values()) {
          if (item.kind === 'dataElement') {
            const de = index.findDataElement(item.de);
            if (!de) {
              problems.push({ path: `rules[${i}].${side}.expression`, message: `未知的数据元 ${item.de}` });
            } else if (item.coc && !index.findCoc(de.comboId, item.coc)) {
              problems.push({
                path: `rules[${i}].${side}.expression`,
                message: `未知的分类选项组合 ${item.de}.${item.coc}`,
              });
            }
          }
        }
      } catch (e) {
        problems.push({
          path: `rules[${i}].${side}.expression`,
          message: e instanceof Error ? e.message : String(e),
        });
      }
    }
  });
  if (problems.length > 0) {
    throw new AppError('HW_METADATA_INVALID', { count: problems.length }, { details: problems });
  }
  await store.transaction((tx) =>
    saveValidationRules(
      tx,
      doc.rules.map((r) => ({ code: r.code, doc: r })),
    ),
  );
  return doc.rules.length;
}

export interface Violation {
  rule: string;
  ruleName: string;
  importance: string;
  instruction: string;
  orgUnit: string;
  orgUnitName: string;
  period: string;
  left: number | null;
  right: number | null;
  /** `婴儿死亡数 31 ≤ 活产数 12` as written for the data clerk. */
  message: string;
}

/** A violation as the data clerk reads it: `婴儿死亡数 31 ≤ 活产数 12`, a missing side as 未填报. */
export function describeViolation(
  rule: ValidationRuleSpec,
  left: number | null,
  right: number | null,
): string {
  const fmt = (x: number | null): string => (x === null ? '未填报' : String(Math.round(x * 100) / 100));
  return `${rule.left.description ?? rule.left.expression} ${fmt(left)} ${OPERATOR_SYMBOLS[rule.operator]} ${rule.right.description ?? rule.right.expression} ${fmt(right)}`;
}

const operand = (i: DataItem): string | null =>
  i.kind === 'dataElement' ? (i.coc ? `${i.de}.${i.coc}` : i.de) : null;
const key = (i: DataItem): string => (i.kind === 'dataElement' ? `${i.de}${i.coc ? `.${i.coc}` : ''}` : '');

/**
 * Runs the stored rules over org units in the context's view scope (each with its descendants'
 * data, as analytics sums them) and periods; a rule applies to periods of its period type and to
 * units at its levels. Violations are stored as found by the context's actor (replacing earlier
 * results for the keys evaluated) and returned.
 */
export async function runValidation(
  store: Store,
  ctx: ServiceContext,
  opts: {
    orgUnits: readonly string[];
    descendants?: boolean;
    periods: readonly string[];
    dataSet?: string;
  },
): Promise<{ evaluated: number; violations: Violation[] }> {
  const index = await cachedMetadataIndex(store);
  const roots = opts.orgUnits.map((ref) => unitInScope(accessScope(ctx), ScopeKind.VIEW, index, ref));
  const units = opts.descendants
    ? [...index.orgUnits.byId.values()].filter((o) => roots.some((r) => o.path.startsWith(r.path)))
    : roots;
  const periods = opts.periods.map((p) => parsePeriod(p));
  let rules = (await listValidationRules(store.db)).map((r) => r.doc as ValidationRuleSpec);
  if (opts.dataSet) {
    const ds = index.dataSets.find(opts.dataSet);
    if (!ds) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: opts.dataSet });
    }
    rules = rules.filter((r) => {
      const c = compileRule(r);
      return [...collectItems(c.left).values(), ...collectItems(c.right).values()].some(
        (i) => i.kind === 'dataElement' && ds.elementIds.has(index.findDataElement(i.de)?.id ?? -1),
      );
    });
  }
  const violations: Violation[] = [];
  const evaluatedKeys: { ruleCode: string; orgUnitId: number; period: string }[] = [];
  for (const rule of rules) {
    const compiled = compileRule(rule);
    const items = [...collectItems(compiled.left).values(), ...collectItems(compiled.right).values()];
    const dx = [...new Set(items.map(operand).filter((x): x is string => x !== null))];
    const pes = periods.filter((p) => p.type === rule.periodType).map((p) => p.id);
    const targets = units.filter((u) => !rule.orgUnitLevels || rule.orgUnitLevels.includes(u.level));
    if (pes.length === 0 || targets.length === 0 || dx.length === 0) {
      continue;
    }
    const r = await queryAnalytics(store, ctx, {
      dx,
      pe: pes,
      ou: targets.map((u) => u.uid),
      skipRounding: true,
    });
    // Analytics answers with ids; map them back to the operands the rule wrote.
    const idOf = new Map(dx.map((d) => [d, d]));
    for (const d of dx) {
      const [de, coc] = d.split('.');
      const row = index.findDataElement(de ?? '');
      if (row) {
        const c = coc ? index.findCoc(row.comboId, coc) : null;
        idOf.set(d, c ? `${row.uid}.${c.uid}` : row.uid);
      }
    }
    const values = new Map<string, number>();
    for (const row of r.rows) {
      values.set(`${row.dx}|${row.ou}|${row.pe}`, row.value);
    }
    for (const u of targets) {
      for (const pe of pes) {
        evaluatedKeys.push({ ruleCode: rule.code, orgUnitId: u.id, period: pe });
        const outcome = evaluateRule(rule, compiled, {
          item: (i) => values.get(`${idOf.get(key(i)) ?? ''}|${u.uid}|${pe}`) ?? null,
        });
        if (outcome.status !== 'fail') {
          continue;
        }
        violations.push({
          rule: rule.code,
          ruleName: rule.name,
          importance: rule.importance,
          instruction: rule.instruction,
          orgUnit: u.code ?? u.uid,
          orgUnitName: u.name,
          period: pe,
          left: outcome.left,
          right: outcome.right,
          message: describeViolation(rule, outcome.left, outcome.right),
        });
      }
    }
  }
  const byCode = new Map(units.map((u) => [u.code ?? u.uid, u.id]));
  await store.transaction((tx) =>
    replaceViolations(
      tx,
      evaluatedKeys,
      violations.map((v) => ({
        ruleCode: v.rule,
        orgUnitId: byCode.get(v.orgUnit) ?? 0,
        period: v.period,
        left: v.left,
        right: v.right,
        importance: v.importance,
      })),
      ctx.actor,
    ),
  );
  return { evaluated: evaluatedKeys.length, violations };
}

/**
 * The violations stored by the last runs for units under `orgUnit` (and, if given, these periods),
 * without evaluating anything again: what `validate` found, as the data clerk reads it.
 */
export async function storedViolations(
  store: Store,
  o: { orgUnit: string; periods?: readonly string[] },
): Promise<(Violation & { foundAt: number; foundBy: string })[]> {
  const index = await cachedMetadataIndex(store);
  const root = index.findOrgUnit(o.orgUnit);
  if (!root || root === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: o.orgUnit });
  }
  const units = [...index.orgUnits.byId.values()].filter((u) => u.path.startsWith(root.path));
  const rules = new Map(
    (await listValidationRules(store.db)).map((r) => [r.code, r.doc as ValidationRuleSpec]),
  );
  return (await listViolations(store.db, { orgUnitIds: units.map((u) => u.id), periods: o.periods })).flatMap(
    (v) => {
      const rule = rules.get(v.ruleCode);
      const ou = index.orgUnits.byId.get(v.orgUnitId);
      if (!rule || !ou) {
        return [];
      }
      return [
        {
          rule: rule.code,
          ruleName: rule.name,
          importance: v.importance,
          instruction: rule.instruction,
          orgUnit: ou.code ?? ou.uid,
          orgUnitName: ou.name,
          period: v.period,
          left: v.left,
          right: v.right,
          message: describeViolation(rule, v.left, v.right),
          foundAt: v.foundAt,
          foundBy: v.foundBy,
        },
      ];
    },
  );
}
