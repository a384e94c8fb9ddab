import { deterministicUid, isValidUid, t } from '@healthwatch/core';
import type { ErrorDetail, Locale } from '@healthwatch/core';
import type { ExistingRefs, KindRefs } from '@healthwatch/store';

export type RefKind = Exclude<keyof ExistingRefs, 'placements' | 'groupMembers' | 'groupSets'>;

/** Chinese names of the metadata kinds, for messages and summaries. */
export const KIND_LABEL: Record<RefKind | 'orgUnitLevels', string> = {
  orgUnitLevels: '机构层级',
  orgUnits: '机构',
  orgUnitGroups: '机构分组',
  orgUnitGroupSets: '机构分组集',
  categoryOptions: '分类选项',
  categories: '分类',
  categoryCombos: '分类组合',
  categoryOptionCombos: '分类选项组合',
  dataElements: '数据元',
  dataSets: '数据集',
  indicatorTypes: '指标类型',
  indicators: '指标',
  constants: '常量',
};

/**
 * Assigns uids to the objects of a metadata file and resolves references between them and to
 * stored objects. An object keeps its given id; else the stored object with the same code; else
 * a uid derived from kind and code, so the same file gives the same uids in every database.
 */
export class RefResolver {
  readonly issues: ErrorDetail[] = [];
  readonly #file = new Map<RefKind, KindRefs>();

  constructor(
    private readonly existing: ExistingRefs,
    private readonly locale: Locale,
  ) {}

  #fileRefs(kind: RefKind): KindRefs {
    let r = this.#file.get(kind);
    if (!r) {
      r = { uids: new Set(), codeToUid: new Map(), nameToUids: new Map(), uidToName: new Map() };
      this.#file.set(kind, r);
    }
    return r;
  }

  issue(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** Declares an object of the file; returns its uid (or null after reporting why it has none). */
  declare(
    kind: RefKind,
    path: string,
    obj: {
      id?: string | null | undefined;
      code?: string | null | undefined;
      name?: string | null | undefined;
    },
  ): string | null {
    const id = obj.id?.trim() || null;
    const code = obj.code?.trim() || null;
    if (id !== null && !isValidUid(id)) {
      this.issue(`${path}.id`, t(this.locale, 'error.HW_UID_INVALID', { id }));
      return null;
    }
    const ex = this.existing[kind];
    const storedByCode = code !== null ? ex.codeToUid.get(code) : undefined;
    if (id !== null && storedByCode !== undefined && storedByCode !== id) {
      this.issue(`${path}.code`, `编码“${code ?? ''}”已被另一个${KIND_LABEL[kind]}（${storedByCode}）使用`);
      return null;
    }
    let uid = id ?? storedByCode ?? null;
    if (uid === null) {
      if (code === null) {
        this.issue(path, t(this.locale, 'metadata.missingField', { kind: KIND_LABEL[kind], field: 'code' }));
        return null;
      }
      uid = deterministicUid(`${kind}:${code}`);
    }
    const f = this.#fileRefs(kind);
    if (f.uids.has(uid) || (code !== null && f.codeToUid.has(code))) {
      this.issue(path, t(this.locale, 'metadata.duplicate', { kind: KIND_LABEL[kind], id: code ?? uid }));
      return null;
    }
    f.uids.add(uid);
    if (code !== null) {
      f.codeToUid.set(code, uid);
    }
    if (obj.name) {
      f.nameToUids.set(obj.name, [...(f.nameToUids.get(obj.name) ?? []), uid]);
    }
    return uid;
  }

  /** Resolves a reference (uid or code; for org units also a unique name) to a uid. */
  resolve(
    kind: RefKind,
    path: string,
    ref: string | null | undefined,
    opts: { byName?: boolean } = {},
  ): string | null {
    const r = ref?.trim();
    if (!r) {
      return null;
    }
    const f = this.#fileRefs(kind);
    const ex = this.existing[kind];
    if (f.uids.has(r) || ex.uids.has(r)) {
      return r;
    }
    const byCode = f.codeToUid.get(r) ?? ex.codeToUid.get(r);
    if (byCode) {
      return byCode;
    }
    if (opts.byName) {
      const named = [...new Set([...(f.nameToUids.get(r) ?? []), ...(ex.nameToUids.get(r) ?? [])])];
      if (named.length === 1 && named[0]) {
        return named[0];
      }
    }
    this.issue(path, t(this.locale, 'metadata.unknownRef', { kind: KIND_LABEL[kind], ref: r }));
    return null;
  }

  resolveAll(
    kind: RefKind,
    path: string,
    refs: readonly string[] | undefined,
    opts: { byName?: boolean } = {},
  ): string[] {
    const out: string[] = [];
    (refs ?? []).forEach((ref, i) => {
      const u = this.resolve(kind, `${path}[${i}]`, ref, opts);
      if (u) {
        out.push(u);
      }
    });
    return out;
  }
}
