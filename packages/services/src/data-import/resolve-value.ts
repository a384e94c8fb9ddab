import {
  MAX_COMMENT_LENGTH,
  MAX_VALUE_LENGTH,
  checkAgainstDataSets,
  checkValue,
  parseBooleanWord,
  t,
  tryParsePeriod,
} from '@healthwatch/core';
import type { DataSetRules, Locale, MessageKey, Period } from '@healthwatch/core';
import type { DataSetRow, MetadataIndex, ValueStatus } from '@healthwatch/store';
import { inScope } from '../auth/access-scope.js';
import type { RawValue } from './raw-values.js';
import type { ValueField } from '@healthwatch/core';

export interface Conflict {
  row: number;
  field: string;
  value: string;
  message: string;
  /** Set when the row is refused because its period is approved or closed (not because it is wrong). */
  locked?: 'approved' | 'expired';
}

/** A row whose references all resolved and whose value passed its checks. */
export interface ResolvedValue {
  row: number;
  deId: number;
  ouId: number;
  cocId: number;
  aocId: number;
  period: Period;
  /** Canonical value, or null for a deletion. */
  value: string | null;
  comment: string | undefined;
  followUp: boolean | undefined;
  source: string | undefined;
  status: ValueStatus | undefined;
  deleted: boolean;
}

const STATUS_WORDS: Record<string, ValueStatus> = {
  preliminary: 'preliminary',
  初步: 'preliminary',
  初报: 'preliminary',
  final: 'final',
  最终: 'final',
  终报: 'final',
  revised: 'revised',
  修订: 'revised',
};

/** Resolves rows against one metadata snapshot, reusing the per-data-set rule objects. */
export class ValueResolver {
  readonly #rules = new Map<number, DataSetRules>();

  constructor(
    private readonly index: MetadataIndex,
    private readonly locale: Locale,
    private readonly defaultDataSet: string | undefined,
    /** The roots (paths) rows may write under; `null`: anywhere. */
    private readonly capturePaths: readonly string[] | null = null,
  ) {}

  rulesOf(ds: DataSetRow): DataSetRules {
    let r = this.#rules.get(ds.id);
    if (!r) {
      const index = this.index;
      r = {
        uid: ds.uid,
        name: ds.name,
        periodType: ds.periodType,
        hasElement: (uid) => ds.elementIds.has(index.dataElements.byUid.get(uid)?.id ?? -1),
        hasOrgUnit: (uid) => ds.orgUnitIds.has(index.orgUnits.byUid.get(uid)?.id ?? -1),
      };
      this.#rules.set(ds.id, r);
    }
    return r;
  }

  readonly #periods = new Map<string, Period | null>();

  /** Period ids repeat on every row of a file: parse each distinct one once. */
  period(id: string): Period | null {
    let p = this.#periods.get(id);
    if (p === undefined) {
      p = tryParsePeriod(id);
      if (this.#periods.size < 100_000) {
        this.#periods.set(id, p);
      }
    }
    return p;
  }

  resolve(raw: RawValue): ResolvedValue | Conflict[] | 'blank' {
    const r = resolveValue(
      raw,
      this.index,
      this.locale,
      this.defaultDataSet,
      (ds) => this.rulesOf(ds),
      (id) => this.period(id),
    );
    if (this.capturePaths !== null && !Array.isArray(r) && r !== 'blank') {
      const ou = this.index.orgUnits.byId.get(r.ouId);
      if (ou && !inScope(this.capturePaths, ou.path)) {
        return [
          {
            row: r.row,
            field: 'orgUnit',
            value: raw.fields.orgUnit ?? '',
            message: t(this.locale, 'conflict.outOfScope', { ou: ou.name }),
          },
        ];
      }
    }
    return r;
  }
}

/** Shows at most this much of an offending value in a conflict (a 10 MB cell must not be echoed). */
const ECHO = 80;
const echo = (v: string): string => (v.length > ECHO ? `${v.slice(0, ECHO)}…(${v.length})` : v);

/**
 * Resolves one raw row against the metadata: every problem found is reported (not only the first),
 * each naming its row and field.
 */
export function resolveValue(
  raw: RawValue,
  index: MetadataIndex,
  locale: Locale,
  defaultDataSet: string | undefined,
  rulesOf: (ds: DataSetRow) => DataSetRules,
  parsePeriodId: (id: string) => Period | null = tryParsePeriod,
): ResolvedValue | Conflict[] | 'blank' {
  const conflicts: Conflict[] = raw.problems.map((p) => ({ row: raw.row, ...p }));
  const f = raw.fields;
  // A reader that found the row's problems itself and passed no fields (e.g. a case line list) has said it all.
  if (conflicts.length > 0 && Object.keys(f).length === 0) {
    return conflicts;
  }
  const add = (
    field: ValueField,
    value: string,
    key: MessageKey,
    params: Record<string, string | number> = {},
  ): void => {
    conflicts.push({
      row: raw.row,
      field,
      value: echo(value),
      message: t(locale, key, { value: echo(value), ...params }),
    });
  };
  let tooLong = false;
  for (const [field, v] of Object.entries(f) as [ValueField, string][]) {
    const max = field === 'comment' ? MAX_COMMENT_LENGTH : MAX_VALUE_LENGTH;
    if (v.length > max) {
      tooLong = true;
      add(field, v, 'conflict.fieldTooLong', { max });
    }
  }
  if (tooLong) {
    return conflicts;
  }

  const deRef = f.dataElement?.trim();
  const de = deRef ? index.findDataElement(deRef) : undefined;
  if (!deRef) {
    add('dataElement', '', 'conflict.missingField');
  } else if (!de) {
    add('dataElement', deRef, 'conflict.unknownDataElement');
  }
  const ouRef = f.orgUnit?.trim();
  const ouFound = ouRef ? index.findOrgUnit(ouRef) : undefined;
  if (!ouRef) {
    add('orgUnit', '', 'conflict.missingField');
  } else if (ouFound === 'ambiguous') {
    add('orgUnit', ouRef, 'conflict.ambiguousOrgUnit');
  } else if (!ouFound) {
    add('orgUnit', ouRef, 'conflict.unknownOrgUnit');
  }
  const ou = ouFound === 'ambiguous' ? undefined : ouFound;
  const peRef = f.period?.trim();
  const period = peRef ? parsePeriodId(peRef) : null;
  if (!peRef) {
    add('period', '', 'conflict.missingField');
  } else if (!period) {
    add('period', peRef, 'conflict.invalidPeriod');
  }

  let cocId: number | undefined;
  const cocRef = f.categoryOptionCombo?.trim();
  if (de) {
    if (!cocRef) {
      const combos = index.cocsByCombo.get(de.comboId) ?? [];
      // An undisaggregated element takes the default combo; a disaggregated one needs its column.
      if (combos.length === 1 && combos[0]) {
        cocId = combos[0].id;
      } else {
        add('categoryOptionCombo', '', 'conflict.unknownCoc', { de: de.name });
      }
    } else {
      const coc = index.findCoc(de.comboId, cocRef);
      if (coc) {
        cocId = coc.id;
      } else {
        add('categoryOptionCombo', cocRef, 'conflict.unknownCoc', { de: de.name });
      }
    }
  }

  let aocId: number | undefined = index.defaultCocId;
  const aocRef = f.attributeOptionCombo?.trim();
  if (aocRef) {
    const aoc = index.cocs.find(aocRef);
    if (aoc) {
      aocId = aoc.id;
    } else {
      aocId = undefined;
      add('attributeOptionCombo', aocRef, 'conflict.unknownAoc');
    }
  }

  const dsRef = f.dataSet?.trim() ?? defaultDataSet;
  let explicit: DataSetRow | undefined;
  if (dsRef) {
    explicit = index.dataSets.find(dsRef);
    if (!explicit) {
      add('dataSet', dsRef, 'conflict.unknownDataSet');
    }
  }

  if (de && ou && period && (!dsRef || explicit)) {
    const toRules = rulesOf;
    const c = checkAgainstDataSets({
      deUid: de.uid,
      deName: de.name,
      ou: { uid: ou.uid, name: ou.name, openingDate: ou.openingDate, closedDate: ou.closedDate },
      period,
      explicit: explicit ? toRules(explicit) : null,
      setsOfElement: (index.setsOfElement.get(de.id) ?? []).map(toRules),
    });
    if (c) {
      const field: ValueField =
        c.key === 'conflict.orgUnitNotAssigned'
          ? 'orgUnit'
          : c.key === 'conflict.notInDataSet'
            ? 'dataElement'
            : c.key === 'conflict.orgUnitClosed'
              ? 'orgUnit'
              : 'period';
      const shown = field === 'period' ? period.id : field === 'orgUnit' ? (ouRef ?? '') : (deRef ?? '');
      conflicts.push({ row: raw.row, field, value: shown, message: t(locale, c.key, c.params) });
    }
  }

  let deleted = false;
  if (f.deleted !== undefined) {
    const b = parseBooleanWord(f.deleted);
    if (b === null) {
      add('deleted', f.deleted, 'conflict.invalidBoolean');
    } else {
      deleted = b;
    }
  }
  let followUp: boolean | undefined;
  if (f.followUp !== undefined) {
    const b = parseBooleanWord(f.followUp);
    if (b === null) {
      add('followUp', f.followUp, 'conflict.invalidBoolean');
    } else {
      followUp = b;
    }
  }
  let status: ValueStatus | undefined;
  if (f.status !== undefined) {
    status = STATUS_WORDS[f.status.trim().toLowerCase()];
    if (!status) {
      add('status', f.status, 'conflict.invalidStatus');
    }
  }

  let value: string | null = null;
  const rawValue = f.value ?? '';
  if (!deleted && rawValue.trim() === '' && conflicts.length === 0) {
    // A blank cell is "no figure here" (forms have empty cells), never a deletion: deleting
    // takes an explicit deleted=true so a half-filled spreadsheet cannot wipe stored data.
    return 'blank';
  }
  if (!deleted && de) {
    const check = checkValue(de.valueType, rawValue);
    if (check.ok) {
      value = check.value;
    } else {
      conflicts.push({
        row: raw.row,
        field: 'value',
        value: echo(rawValue),
        message: `${de.name}：${t(locale, check.reason, check.params ?? {})}`,
      });
    }
  }

  if (conflicts.length > 0 || !de || !ou || !period || cocId === undefined || aocId === undefined) {
    return conflicts;
  }
  return {
    row: raw.row,
    deId: de.id,
    ouId: ou.id,
    cocId,
    aocId,
    period,
    value,
    comment: f.comment,
    followUp,
    source: f.source?.trim(),
    status,
    deleted,
  };
}
