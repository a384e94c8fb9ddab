import { DEFAULT_UIDS } from '@healthwatch/core';
import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.js';
import { clustered, withId } from '../dialects/ddl.js';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';

/**
 * Foundation schema: users (minimal; auth comes later), metadata, periods, data values and
 * their audit, import jobs. Append-only: later changes go in new numbered migrations.
 */
export function foundation(dialect: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(db.schema.createTable('app_user'), dialect)
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('org_unit_level')
        .addColumn('level', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .execute();

      await withId(db.schema.createTable('org_unit'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text')
        .addColumn('parent_id', 'integer', (c) => c.references('org_unit.id'))
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('ou_type', 'text')
        .addColumn('opening_date', 'text')
        .addColumn('closed_date', 'text')
        .addColumn('latitude', 'double precision')
        .addColumn('longitude', 'double precision')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('org_unit_parent_idx').on('org_unit').column('parent_id').execute();
      await db.schema.createIndex('org_unit_path_idx').on('org_unit').column('path').execute();
      await db.schema.createIndex('org_unit_name_idx').on('org_unit').column('name').execute();

      for (const t of ['org_unit_group', 'org_unit_group_set']) {
        let b = withId(db.schema.createTable(t), dialect)
          .addColumn('uid', 'text', (c) => c.notNull().unique())
          .addColumn('code', 'text', (c) => c.unique())
          .addColumn('name', 'text', (c) => c.notNull());
        if (t === 'org_unit_group_set') {
          b = b.addColumn('exclusive', 'integer', (c) => c.notNull().defaultTo(0));
        }
        await b.execute();
      }
      await db.schema
        .createTable('org_unit_group_member')
        .addColumn('group_id', 'integer', (c) =>
          c.notNull().references('org_unit_group.id').onDelete('cascade'),
        )
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('org_unit_group_member_pk', ['group_id', 'org_unit_id'])
        .execute();
      await db.schema
        .createTable('org_unit_group_set_member')
        .addColumn('group_set_id', 'integer', (c) =>
          c.notNull().references('org_unit_group_set.id').onDelete('cascade'),
        )
        .addColumn('group_id', 'integer', (c) =>
          c.notNull().references('org_unit_group.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('org_unit_group_set_member_pk', ['group_set_id', 'group_id'])
        .execute();

      await withId(db.schema.createTable('category_option'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text')
        .addColumn('end_date', 'text')
        .execute();
      for (const t of ['category', 'category_combo']) {
        await withId(db.schema.createTable(t), dialect)
          .addColumn('uid', 'text', (c) => c.notNull().unique())
          .addColumn('code', 'text', (c) => c.unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('data_dimension_type', 'text', (c) => c.notNull())
          .execute();
      }
      await db.schema
        .createTable('category_option_link')
        .addColumn('category_id', 'integer', (c) => c.notNull().references('category.id').onDelete('cascade'))
        .addColumn('option_id', 'integer', (c) => c.notNull().references('category_option.id'))
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('category_option_link_pk', ['category_id', 'option_id'])
        .execute();
      await db.schema
        .createTable('category_combo_category')
        .addColumn('combo_id', 'integer', (c) =>
          c.notNull().references('category_combo.id').onDelete('cascade'),
        )
        .addColumn('category_id', 'integer', (c) => c.notNull().references('category.id'))
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('category_combo_category_pk', ['combo_id', 'category_id'])
        .execute();
      await withId(db.schema.createTable('category_option_combo'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('combo_id', 'integer', (c) => c.notNull().references('category_combo.id'))
        .addColumn('option_key', 'text', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .addUniqueConstraint('category_option_combo_options_uq', ['combo_id', 'option_key'])
        .execute();

      await withId(db.schema.createTable('data_element'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text')
        .addColumn('name_en', 'text')
        .addColumn('description', 'text')
        .addColumn('value_type', 'text', (c) => c.notNull())
        .addColumn('aggregation_type', 'text', (c) => c.notNull())
        .addColumn('category_combo_id', 'integer', (c) => c.notNull().references('category_combo.id'))
        .addColumn('zero_is_significant', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unit', 'text')
        .execute();

      await withId(db.schema.createTable('data_set'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('period_type', 'text', (c) => c.notNull())
        .addColumn('category_combo_id', 'integer', (c) => c.notNull().references('category_combo.id'))
        .addColumn('expiry_days', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('timely_days', 'integer', (c) => c.notNull().defaultTo(15))
        .addColumn('description', 'text')
        .execute();
      await db.schema
        .createTable('data_set_element')
        .addColumn('data_set_id', 'integer', (c) => c.notNull().references('data_set.id').onDelete('cascade'))
        .addColumn('data_element_id', 'integer', (c) => c.notNull().references('data_element.id'))
        .addPrimaryKeyConstraint('data_set_element_pk', ['data_set_id', 'data_element_id'])
        .execute();
      await db.schema
        .createTable('data_set_org_unit')
        .addColumn('data_set_id', 'integer', (c) => c.notNull().references('data_set.id').onDelete('cascade'))
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
        .addPrimaryKeyConstraint('data_set_org_unit_pk', ['data_set_id', 'org_unit_id'])
        .execute();

      await withId(db.schema.createTable('indicator_type'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('factor', 'double precision', (c) => c.notNull())
        .execute();
      await withId(db.schema.createTable('indicator'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text')
        .addColumn('short_name', 'text')
        .addColumn('description', 'text')
        .addColumn('numerator', 'text', (c) => c.notNull())
        .addColumn('numerator_description', 'text')
        .addColumn('denominator', 'text', (c) => c.notNull())
        .addColumn('denominator_description', 'text')
        .addColumn('indicator_type_id', 'integer', (c) => c.references('indicator_type.id'))
        .addColumn('factor', 'double precision', (c) => c.notNull())
        .addColumn('annualized', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('decimals', 'integer')
        .addColumn('unit', 'text')
        .addColumn('polarity', 'text')
        .addColumn('population_basis', 'text')
        .addColumn('definition_source', 'text')
        .execute();
      await withId(db.schema.createTable('constant'), dialect)
        .addColumn('uid', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('period'), dialect)
        .addColumn('iso', 'text', (c) => c.notNull().unique())
        .addColumn('period_type', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text', (c) => c.notNull())
        .execute();

      await clustered(
        db.schema
          .createTable('data_value')
          .addColumn('data_element_id', 'integer', (c) => c.notNull().references('data_element.id'))
          .addColumn('period_id', 'integer', (c) => c.notNull().references('period.id'))
          .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
          .addColumn('coc_id', 'integer', (c) => c.notNull().references('category_option_combo.id'))
          .addColumn('aoc_id', 'integer', (c) => c.notNull().references('category_option_combo.id'))
          .addColumn('value', 'text')
          .addColumn('comment', 'text')
          .addColumn('follow_up', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('source', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_by', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('data_value_pk', [
            'data_element_id',
            'period_id',
            'org_unit_id',
            'coc_id',
            'aoc_id',
          ]),
        dialect,
      ).execute();
      await db.schema
        .createIndex('data_value_ou_pe_idx')
        .on('data_value')
        .columns(['org_unit_id', 'period_id'])
        .execute();

      await withId(db.schema.createTable('import_job'), dialect)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text')
        .addColumn('format', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('summary', 'text')
        .execute();

      await withId(db.schema.createTable('data_value_audit'), dialect)
        .addColumn('data_element_id', 'integer', (c) => c.notNull())
        .addColumn('period_id', 'integer', (c) => c.notNull())
        .addColumn('org_unit_id', 'integer', (c) => c.notNull())
        .addColumn('coc_id', 'integer', (c) => c.notNull())
        .addColumn('aoc_id', 'integer', (c) => c.notNull())
        .addColumn('audit_type', 'text', (c) => c.notNull())
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text')
        .addColumn('old_comment', 'text')
        .addColumn('new_comment', 'text')
        .addColumn('old_follow_up', 'integer')
        .addColumn('new_follow_up', 'integer')
        .addColumn('old_status', 'text')
        .addColumn('new_status', 'text')
        .addColumn('old_source', 'text')
        .addColumn('new_source', 'text')
        .addColumn('changed_by', 'integer', (c) => c.notNull())
        .addColumn('changed_at', 'bigint', (c) => c.notNull())
        .addColumn('import_id', 'integer')
        .execute();
      await db.schema
        .createIndex('data_value_audit_key_idx')
        .on('data_value_audit')
        .columns(['data_element_id', 'org_unit_id', 'period_id'])
        .execute();
      await db.schema
        .createIndex('data_value_audit_time_idx')
        .on('data_value_audit')
        .column('changed_at')
        .execute();

      // The "default" category objects every undisaggregated element points at, with DHIS2's
      // well-known uids so DHIS2 files that name them (HllvX50cXC0 …) resolve without mapping.
      const now = Date.now();
      const d = db as unknown as Kysely<Database>;
      await d
        .insertInto('app_user')
        .values({ username: 'system', display_name: '系统', created_at: now })
        .execute();
      const opt = await d
        .insertInto('category_option')
        .values({
          uid: DEFAULT_UIDS.categoryOption,
          code: 'default',
          name: 'default',
          start_date: null,
          end_date: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const cat = await d
        .insertInto('category')
        .values({
          uid: DEFAULT_UIDS.category,
          code: 'default',
          name: 'default',
          data_dimension_type: 'DISAGGREGATION',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await d
        .insertInto('category_option_link')
        .values({ category_id: cat.id, option_id: opt.id, sort_order: 0 })
        .execute();
      const combo = await d
        .insertInto('category_combo')
        .values({
          uid: DEFAULT_UIDS.categoryCombo,
          code: 'default',
          name: 'default',
          data_dimension_type: 'DISAGGREGATION',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await d
        .insertInto('category_combo_category')
        .values({ combo_id: combo.id, category_id: cat.id, sort_order: 0 })
        .execute();
      await d
        .insertInto('category_option_combo')
        .values({
          uid: DEFAULT_UIDS.categoryOptionCombo,
          code: 'default',
          name: 'default',
          combo_id: combo.id,
          option_key: DEFAULT_UIDS.categoryOption,
          sort_order: 0,
        })
        .execute();
    },
  };
}
