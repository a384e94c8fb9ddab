import type { MessageKey } from '../i18n/zh-CN.js';

/** The fields of an org unit the hierarchy rules need. */
export interface OrgUnitLike {
  readonly uid: string;
  readonly parentUid: string | null;
  readonly openingDate?: string | null;
  readonly closedDate?: string | null;
}

export interface HierarchyPlacement {
  readonly level: number;
  /** Materialised path of uids from the root: `/root/district/town/`. */
  readonly path: string;
}

export interface HierarchyIssue {
  readonly uid: string;
  readonly key: MessageKey;
  readonly params: Record<string, string>;
}

/**
 * Places every unit in the hierarchy (level and materialised path), given the units being
 * imported and those already known. Reports unknown parents and cycles instead of throwing, so a
 * file with many problems gets them all listed at once.
 */
export function placeOrgUnits(
  units: readonly OrgUnitLike[],
  known: ReadonlyMap<string, HierarchyPlacement> = new Map(),
): { placements: Map<string, HierarchyPlacement>; issues: HierarchyIssue[] } {
  const byUid = new Map(units.map((u) => [u.uid, u]));
  const placements = new Map<string, HierarchyPlacement>();
  const issues: HierarchyIssue[] = [];
  const failed = new Set<string>();

  const place = (uid: string, trail: Set<string>): HierarchyPlacement | null => {
    const done = placements.get(uid);
    if (done) {
      return done;
    }
    const unit = byUid.get(uid);
    if (!unit) {
      return known.get(uid) ?? null;
    }
    if (failed.has(uid)) {
      return null;
    }
    if (trail.has(uid)) {
      failed.add(uid);
      issues.push({ uid, key: 'metadata.cycle', params: { id: uid } });
      return null;
    }
    let placement: HierarchyPlacement;
    if (unit.parentUid === null || unit.parentUid === '') {
      placement = { level: 1, path: `/${uid}/` };
    } else {
      trail.add(uid);
      const parent = place(unit.parentUid, trail);
      trail.delete(uid);
      if (!parent) {
        if (!failed.has(uid)) {
          failed.add(uid);
          if (!byUid.has(unit.parentUid) && !known.has(unit.parentUid)) {
            issues.push({ uid, key: 'metadata.unknownRef', params: { kind: 'parent', ref: unit.parentUid } });
          }
        }
        return null;
      }
      placement = { level: parent.level + 1, path: `${parent.path}${uid}/` };
    }
    placements.set(uid, placement);
    return placement;
  };

  for (const u of units) {
    place(u.uid, new Set());
  }
  return { placements, issues };
}

/** Uids on a materialised path, root first. */
export function pathUids(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** True when `path` lies in the subtree rooted at `ancestorPath` (the unit itself included). */
export function isInSubtree(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/**
 * Whether a unit can report for a period: it must be open on at least one day of the period.
 * `closedDate` is the first day the unit is closed; `openingDate` the first day it is open.
 */
export function isOpenDuring(
  unit: Pick<OrgUnitLike, 'openingDate' | 'closedDate'>,
  startDate: string,
  endDate: string,
): boolean {
  if (unit.openingDate && unit.openingDate > endDate) {
    return false;
  }
  if (unit.closedDate && unit.closedDate <= startDate) {
    return false;
  }
  return true;
}

/**
 * Exclusive group sets (机构类别, 所有制 …) allow a unit in at most one of their groups; returns
 * the violations as (unit, set, groups).
 */
export function exclusiveGroupViolations(
  sets: readonly { uid: string; exclusive: boolean; groupUids: readonly string[] }[],
  membersOfGroup: ReadonlyMap<string, readonly string[]>,
): { ouUid: string; setUid: string; groupUids: string[] }[] {
  const out: { ouUid: string; setUid: string; groupUids: string[] }[] = [];
  for (const set of sets) {
    if (!set.exclusive) {
      continue;
    }
    const groupsOf = new Map<string, string[]>();
    for (const g of set.groupUids) {
      for (const ou of membersOfGroup.get(g) ?? []) {
        const list = groupsOf.get(ou) ?? [];
        list.push(g);
        groupsOf.set(ou, list);
      }
    }
    for (const [ou, groups] of groupsOf) {
      if (groups.length > 1) {
        out.push({ ouUid: ou, setUid: set.uid, groupUids: groups });
      }
    }
  }
  return out;
}
