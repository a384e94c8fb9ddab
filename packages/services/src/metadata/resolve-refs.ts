import { deterministicUid, isValidUid, msg, t } from '@healthwatch/core';
import type { ErrorDetail, Locale, MessageRef } from '@healthwatch/core';
import type { ExistingRefs, KindRefs } from '@healthwatch/store';

export type RefKind = Exclude<keyof ExistingRefs, 'placements' | 'groupMembers' | 'groupSets'>;

/** A metadata kind's name as a message reference, rendered in the reader's locale. */
export function kindLabel(kind: RefKind | 'orgUnitLevels'): MessageRef {
  return msg(`metadataKind.${kind}`);
}

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
      this.issue(
        `${path}.code`,
        t(this.locale, 'metadata.codeTaken', { code: code ?? '', kind: kindLabel(kind), uid: storedByCode }),
      );
      return null;
    }
    let uid = id ?? storedByCode ?? null;
    if (uid === null) {
      if (code === null) {
        this.issue(
          path,
          t(this.locale, 'metadata.missingField', {
            kind: kindLabel(kind),
            field: msg('metadataField.code'),
          }),
        );
        return null;
      }
      uid = deterministicUid(`${kind}:${code}`);
    }
    const f = this.#fileRefs(kind);
    if (f.uids.has(uid) || (code !== null && f.codeToUid.has(code))) {
      this.issue(path, t(this.locale, 'metadata.duplicate', { kind: kindLabel(kind), id: code ?? uid }));
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
    this.issue(path, t(this.locale, 'metadata.unknownRef', { kind: kindLabel(kind), ref: r }));
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
