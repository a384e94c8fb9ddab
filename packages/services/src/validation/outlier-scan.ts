import {
  AppError,
  msg,
  DEFAULT_OUTLIER_THRESHOLDS,
  findOutliers,
  parsePeriod,
  tryParsePeriod,
} from '@healthwatch/core';
import type { OutlierMethod, SeriesPoint } from '@healthwatch/core';
import { cachedMetadataIndex, streamValues } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { setValue } from '../data-values/value-service.js';
import type { ServiceContext } from '../service-context.js';

export interface OutlierRow {
  dataElement: string;
  dataElementName: string;
  orgUnit: string;
  orgUnitName: string;
  categoryOptionCombo: string;
  period: string;
  value: number;
  score: number;
  lower: number;
  upper: number;
  method: OutlierMethod;
}

/**
 * Scans the stored values of some data elements under an org unit for outliers in the periods
 * `from`…`to`, each series (element × unit × option combo) against its own history. With
 * `followUp`, every outlier is marked for follow-up (audited, the value itself unchanged).
 */
export async function scanOutliers(
  store: Store,
  ctx: ServiceContext,
  o: {
    dataElements: readonly string[];
    orgUnit: string;
    descendants?: boolean;
    from: string;
    to: string;
    method: OutlierMethod;
    threshold?: number;
    followUp?: boolean;
  },
): Promise<{ series: number; findings: OutlierRow[] }> {
  const index = await cachedMetadataIndex(store);
  const des = o.dataElements.map((ref) => {
    const de = index.findDataElement(ref);
    if (!de) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataElement'), id: ref });
    }
    return de;
  });
  const root = index.findOrgUnit(o.orgUnit);
  if (!root || root === 'ambiguous') {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: o.orgUnit });
  }
  const from = parsePeriod(o.from);
  const to = parsePeriod(o.to);
  const series = new Map<
    string,
    {
      row: { de: string; deName: string; ou: string; ouName: string; coc: string; cocName: string };
      points: (SeriesPoint & { raw: string })[];
    }
  >();
  for await (const v of streamValues(store.db, {
    deIds: des.map((d) => d.id),
    ...(o.descendants ? { ouPathPrefixes: [root.path] } : { ouIds: [root.id] }),
  })) {
    const x = Number(v.value);
    const p = tryParsePeriod(v.period);
    if (v.value === null || !Number.isFinite(x) || !p) {
      continue;
    }
    const key = `${v.dataElement}|${v.orgUnit}|${v.categoryOptionCombo}|${v.attributeOptionCombo}`;
    const s = series.get(key) ?? {
      row: {
        de: v.dataElementCode ?? v.dataElement,
        deName: v.dataElementName,
        ou: v.orgUnitCode ?? v.orgUnit,
        ouName: v.orgUnitName,
        coc: v.categoryOptionComboCode ?? v.categoryOptionCombo,
        cocName: v.categoryOptionComboName,
      },
      points: [],
    };
    s.points.push({
      period: v.period,
      start: p.startDate,
      season: Number(p.startDate.slice(5, 7)),
      value: x,
      raw: v.value,
    });
    series.set(key, s);
  }
  const found: { row: OutlierRow; coc: string; raw: string }[] = [];
  const threshold = o.threshold ?? DEFAULT_OUTLIER_THRESHOLDS[o.method];
  for (const s of series.values()) {
    for (const f of findOutliers(
      s.points,
      o.method,
      threshold,
      (p) => p.start >= from.startDate && p.start <= to.endDate,
    )) {
      const raw = s.points.find((p) => p.period === f.period)?.raw ?? String(f.value);
      found.push({
        row: {
          dataElement: s.row.de,
          dataElementName: s.row.deName,
          orgUnit: s.row.ou,
          orgUnitName: s.row.ouName,
          categoryOptionCombo: s.row.cocName,
          period: f.period,
          value: f.value,
          score: f.score,
          lower: f.lower,
          upper: f.upper,
          method: o.method,
        },
        coc: s.row.coc,
        raw,
      });
    }
  }
  found.sort((a, b) => b.row.score - a.row.score);
  if (o.followUp) {
    for (const f of found) {
      const coc = f.row.categoryOptionCombo === 'default' ? undefined : f.coc;
      await setValue(store, ctx, {
        dataElement: f.row.dataElement,
        orgUnit: f.row.orgUnit,
        period: f.row.period,
        categoryOptionCombo: coc,
        value: f.raw,
        followUp: true,
      });
    }
  }
  return { series: series.size, findings: found.map((f) => f.row) };
}
