import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export const DELETABLE_KINDS = [
  'orgUnits',
  'dataElements',
  'dataSets',
  'indicators',
  'constants',
  'orgUnitGroups',
] as const;
export type DeletableKind = (typeof DELETABLE_KINDS)[number];

const TABLE = {
  orgUnits: 'org_unit',
  dataElements: 'data_element',
  dataSets: 'data_set',
  indicators: 'indicator',
  constants: 'constant',
  orgUnitGroups: 'org_unit_group',
} as const;

/** What still refers to an object; empty when it can be deleted. */
export async function referencesTo(
  db: Db,
  kind: DeletableKind,
  ref: string,
): Promise<{ found: boolean; uid: string; name: string; references: string[] }> {
  const row = await db
    .selectFrom(TABLE[kind])
    .select(['id', 'uid', 'code', 'name'])
    .where((eb) => eb.or([eb('uid', '=', ref), eb('code', '=', ref)]))
    .executeTakeFirst();
  if (!row) {
    return { found: false, uid: ref, name: ref, references: [] };
  }
  const refs: string[] = [];
  const count = async (
    q: Promise<{ n: number | string | bigint } | undefined>,
    label: string,
  ): Promise<void> => {
    const n = Number((await q)?.n ?? 0);
    if (n > 0) {
      refs.push(`${label} ${n}`);
    }
  };
  const inExpressions = async (tokens: string[]): Promise<void> => {
    const inds = await db
      .selectFrom('indicator')
      .select(['code', 'uid', 'numerator', 'denominator', 'kind', 'spec'])
      .execute();
    const users = inds.filter((i) =>
      tokens.some((t) => `${i.numerator} ${i.denominator} ${i.spec ?? ''}`.includes(t)),
    );
    if (users.length > 0) {
      refs.push(`指标 ${users.map((i) => i.code ?? i.uid).join('、')}`);
    }
  };
  const codes = [row.uid, ...(row.code ? [row.code] : [])];
  switch (kind) {
    case 'orgUnits':
      await count(
        db
          .selectFrom('org_unit')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('parent_id', '=', row.id)
          .executeTakeFirst(),
        '下级机构',
      );
      await count(
        db
          .selectFrom('data_value')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_unit_id', '=', row.id)
          .executeTakeFirst(),
        '数据值',
      );
      await count(
        db
          .selectFrom('data_set_org_unit')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_unit_id', '=', row.id)
          .executeTakeFirst(),
        '数据集分配',
      );
      await count(
        db
          .selectFrom('user_org_unit')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_unit_id', '=', row.id)
          .executeTakeFirst(),
        '用户范围',
      );
      await count(
        db
          .selectFrom('data_set_registration')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_unit_id', '=', row.id)
          .executeTakeFirst(),
        '完成登记',
      );
      await count(
        db
          .selectFrom('data_approval')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_unit_id', '=', row.id)
          .executeTakeFirst(),
        '审核记录',
      );
      await count(
        db
          .selectFrom('lock_exception')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_unit_id', '=', row.id)
          .executeTakeFirst(),
        '锁定例外',
      );
      break;
    case 'dataElements':
      await count(
        db
          .selectFrom('data_value')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('data_element_id', '=', row.id)
          .executeTakeFirst(),
        '数据值',
      );
      await count(
        db
          .selectFrom('data_set_element')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('data_element_id', '=', row.id)
          .executeTakeFirst(),
        '数据集',
      );
      await inExpressions(codes.map((c) => `{${c}`));
      break;
    case 'indicators':
      await inExpressions(codes.map((c) => `N{${c}`));
      break;
    case 'constants':
      await inExpressions(codes.map((c) => `C{${c}`));
      break;
    case 'orgUnitGroups':
      await inExpressions(codes.map((c) => `OUG{${c}`));
      break;
    case 'dataSets':
      await count(
        db
          .selectFrom('data_set_registration')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('data_set_id', '=', row.id)
          .executeTakeFirst(),
        '完成登记',
      );
      await count(
        db
          .selectFrom('data_approval')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('data_set_id', '=', row.id)
          .executeTakeFirst(),
        '审核记录',
      );
      await count(
        db
          .selectFrom('lock_exception')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('data_set_id', '=', row.id)
          .executeTakeFirst(),
        '锁定例外',
      );
      break;
  }
  return { found: true, uid: row.uid, name: row.name, references: refs };
}

/** Deletes an object that nothing refers to (links of data sets and groups go with it). */
export async function deleteMetadataObject(db: Db, kind: DeletableKind, uid: string): Promise<void> {
  await db.deleteFrom(TABLE[kind]).where('uid', '=', uid).execute();
}
