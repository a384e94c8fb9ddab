import { isExpired, t } from '@healthwatch/core';
import type { Locale } from '@healthwatch/core';
import { listApprovals, listLockExceptions, lockDataSetsFor } from '@healthwatch/store';
import type { DataSetRow, Db, MetadataIndex, Store } from '@healthwatch/store';
import type { Conflict, ResolvedValue } from '../data-import/resolve-value.js';

export interface EditLockOptions {
  /** Refuse periods closed by the data set's expiry days (users without the right to edit expired data). */
  enforceExpiry: boolean;
  /** yyyy-mm-dd the expiry is judged on: the service context's today. */
  today: string;
  locale: Locale;
}

/**
 * What refuses an edit although the value itself is fine: an approval of one of the element's data
 * sets at the unit or above (always), or the period closed by expiry days without an exception
 * for the unit or above (for users without the right to edit expired data). Loaded inside the
 * write transaction after taking the data sets' share lock, so an approval cannot slip in between.
 */
export class EditLocks {
  private constructor(
    private readonly index: MetadataIndex,
    private readonly approvals: ReadonlySet<string>,
    private readonly exceptions: ReadonlySet<string>,
    private readonly opts: EditLockOptions,
  ) {}

  static async load(
    db: Db,
    store: Pick<Store, 'adapter'>,
    index: MetadataIndex,
    opts: EditLockOptions,
  ): Promise<EditLocks> {
    await lockDataSetsFor(db, store, 'write');
    const approvals = new Set(
      (await listApprovals(db)).map((a) => `${a.dataSetId}|${a.orgUnitId}|${a.period}`),
    );
    const exceptions = opts.enforceExpiry
      ? new Set((await listLockExceptions(db)).map((e) => `${e.dataSetId}|${e.orgUnitId}|${e.period}`))
      : new Set<string>();
    return new EditLocks(index, approvals, exceptions, opts);
  }

  /** The data sets of the element that report in the value's period type. */
  private setsOf(r: Pick<ResolvedValue, 'deId' | 'period'>): DataSetRow[] {
    return (this.index.setsOfElement.get(r.deId) ?? []).filter((ds) => ds.periodType === r.period.type);
  }

  check(r: Pick<ResolvedValue, 'row' | 'deId' | 'ouId' | 'period'>): Conflict | null {
    const sets = this.setsOf(r);
    if (sets.length === 0) {
      return null;
    }
    const chain = [r.ouId, ...this.index.ancestorIds(r.ouId)];
    for (const ds of sets) {
      // Name the highest approval: that is the one to undo first.
      const at = chain.filter((ou) => this.approvals.has(`${ds.id}|${ou}|${r.period.id}`)).at(-1);
      if (at !== undefined) {
        const unit = this.index.orgUnits.byId.get(at)?.name ?? String(at);
        return {
          row: r.row,
          field: 'period',
          value: r.period.id,
          message: t(this.opts.locale, 'conflict.approved', { ds: ds.name, period: r.period.id, unit }),
          locked: 'approved',
        };
      }
    }
    if (this.opts.enforceExpiry) {
      const open = sets.filter(
        (ds) =>
          !isExpired(r.period.endDate, ds.expiryDays, this.opts.today) ||
          chain.some((ou) => this.exceptions.has(`${ds.id}|${ou}|${r.period.id}`)),
      );
      const first = sets[0];
      if (open.length === 0 && first) {
        return {
          row: r.row,
          field: 'period',
          value: r.period.id,
          message: t(this.opts.locale, 'conflict.expired', {
            ds: first.name,
            period: r.period.id,
            days: first.expiryDays,
          }),
          locked: 'expired',
        };
      }
    }
    return null;
  }
}
