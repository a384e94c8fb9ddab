import type { ColumnType, Generated } from 'kysely';

/**
 * The Kysely view of the database. Metadata tables carry a DHIS2-style `uid` for interchange and
 * an integer `id` used by the fact tables, which keeps each stored value small (the analytics
 * goal is a few dozen bytes per value) and keys shard-friendly.
 * Timestamps are epoch milliseconds (bigint); booleans are 0/1 integers on both dialects.
 */
export interface Database {
  app_user: {
    id: Generated<number>;
    username: string;
    display_name: string | null;
    created_at: number;
    password_hash: string | null;
    role: Generated<string>;
    disabled: Generated<number>;
    failed_logins: Generated<number>;
    locked_until: number | null;
  };
  user_org_unit: { user_id: number; org_unit_id: number; scope: string };
  user_session: {
    token_hash: string;
    user_id: number;
    csrf_token: string;
    created_at: number;
    expires_at: number;
  };
  api_token: {
    id: Generated<number>;
    user_id: number;
    name: string;
    token_hash: string;
    created_at: number;
    last_used_at: number | null;
    revoked_at: number | null;
  };
  audit_event: {
    id: Generated<number>;
    at: number;
    username: string | null;
    action: string;
    target: string | null;
    detail: string | null;
    ip: string | null;
  };
  org_unit_level: { level: number; name: string; code: string | null };
  org_unit: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    short_name: string | null;
    parent_id: number | null;
    level: number;
    path: string;
    ou_type: string | null;
    opening_date: string | null;
    closed_date: string | null;
    latitude: number | null;
    longitude: number | null;
    updated_at: number;
    contact_person: ColumnType<string | null, string | null | undefined, string | null>;
    contact_phone: ColumnType<string | null, string | null | undefined, string | null>;
  };
  org_unit_group: { id: Generated<number>; uid: string; code: string | null; name: string };
  org_unit_group_member: { group_id: number; org_unit_id: number };
  org_unit_group_set: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    exclusive: number;
  };
  org_unit_group_set_member: { group_set_id: number; group_id: number };
  category_option: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    start_date: string | null;
    end_date: string | null;
  };
  category: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    data_dimension_type: string;
  };
  category_option_link: { category_id: number; option_id: number; sort_order: number };
  category_combo: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    data_dimension_type: string;
  };
  category_combo_category: { combo_id: number; category_id: number; sort_order: number };
  category_option_combo: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    combo_id: number;
    /** Sorted option uids joined by `|`: identifies the combo by its options. */
    option_key: string;
    sort_order: number;
  };
  data_element: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    short_name: string | null;
    name_en: string | null;
    description: string | null;
    value_type: string;
    aggregation_type: string;
    category_combo_id: number;
    zero_is_significant: number;
    unit: string | null;
  };
  data_set: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    period_type: string;
    category_combo_id: number;
    expiry_days: number;
    timely_days: number;
    open_future_periods: Generated<number>;
    description: string | null;
  };
  data_set_element: { data_set_id: number; data_element_id: number };
  data_set_org_unit: { data_set_id: number; org_unit_id: number };
  indicator_type: { id: Generated<number>; uid: string; code: string | null; name: string; factor: number };
  indicator: {
    id: Generated<number>;
    uid: string;
    code: string | null;
    name: string;
    name_en: string | null;
    short_name: string | null;
    description: string | null;
    numerator: string;
    numerator_description: string | null;
    denominator: string;
    denominator_description: string | null;
    indicator_type_id: number | null;
    factor: number;
    annualized: number;
    decimals: number | null;
    unit: string | null;
    polarity: string | null;
    population_basis: string | null;
    definition_source: string | null;
    kind: Generated<string>;
    spec: string | null;
  };
  constant: { id: Generated<number>; uid: string; code: string | null; name: string; value: number };
  period: { id: Generated<number>; iso: string; period_type: string; start_date: string; end_date: string };
  data_value: {
    data_element_id: number;
    period_id: number;
    org_unit_id: number;
    coc_id: number;
    aoc_id: number;
    value: string | null;
    comment: string | null;
    follow_up: number;
    source: string | null;
    status: string;
    created_by: number;
    created_at: ColumnType<number, number, never>;
    updated_by: number;
    updated_at: number;
    deleted: number;
  };
  data_value_audit: {
    id: Generated<number>;
    data_element_id: number;
    period_id: number;
    org_unit_id: number;
    coc_id: number;
    aoc_id: number;
    audit_type: string;
    old_value: string | null;
    new_value: string | null;
    old_comment: string | null;
    new_comment: string | null;
    old_follow_up: number | null;
    new_follow_up: number | null;
    old_status: string | null;
    new_status: string | null;
    old_source: string | null;
    new_source: string | null;
    changed_by: number;
    changed_at: number;
    import_id: number | null;
  };
  data_value_rollup: {
    data_element_id: number;
    period_id: number;
    org_unit_id: number;
    coc_id: number;
    aoc_id: number;
    sum_value: number;
    count_value: number;
  };
  system_setting: { key: string; value: string };
  plan: {
    id: Generated<number>;
    code: string;
    name: string;
    issuer: string | null;
    baseline_year: number;
    target_year: number;
    status: string;
    doc: string;
    updated_at: number;
  };
  validation_rule: { id: Generated<number>; code: string; doc: string; updated_at: number };
  data_approval: {
    id: Generated<number>;
    data_set_id: number;
    org_unit_id: number;
    period: string;
    level: number;
    approved_by: string;
    approved_at: number;
    accepted_by: string | null;
    accepted_at: number | null;
  };
  lock_exception: {
    id: Generated<number>;
    data_set_id: number;
    org_unit_id: number;
    period: string;
    reason: string;
    granted_by: string;
    granted_at: number;
  };
  form_return: {
    id: Generated<number>;
    data_set_id: number;
    org_unit_id: number;
    period: string;
    comment: string;
    returned_by: string;
    returned_at: number;
  };
  report_reminder: {
    id: Generated<number>;
    data_set_id: number;
    org_unit_id: number;
    period: string;
    reminded_by: string;
    reminded_at: number;
    channel: string;
    delivery: string;
    delivery_detail: string | null;
  };
  data_set_registration: {
    id: Generated<number>;
    data_set_id: number;
    org_unit_id: number;
    period: string;
    completed_by: string;
    completed_at: number;
  };
  validation_result: {
    id: Generated<number>;
    rule_code: string;
    org_unit_id: number;
    period: string;
    left_value: number | null;
    right_value: number | null;
    importance: string;
    found_at: number;
    found_by: string;
  };
  surveillance_event: {
    id: Generated<number>;
    disease: string;
    org_unit_id: number;
    period_from: string;
    period_to: string;
    grade: string;
    points: number;
    evidence: string;
    /** The zh-CN rendering (what rows from before 0011 have alone). */
    explanation: string;
    /** The catalogue key and its parameters (JSON) the explanation is rendered from when read. */
    explanation_key: string | null;
    explanation_params: string | null;
    status: string;
    assignee: string | null;
    created_at: number;
    updated_at: number;
  };
  surveillance_event_log: {
    id: Generated<number>;
    event_id: number;
    at: number;
    username: string;
    from_status: string | null;
    to_status: string;
    assignee: string | null;
    note: string | null;
  };
  plan_value: {
    id: Generated<number>;
    plan_id: number;
    indicator_code: string;
    year: number;
    value: number | null;
    text: string | null;
    stated_met: number | null;
    numerator: number | null;
    source: string;
    status: string;
    note: string | null;
    recorded_at: number;
  };
  import_job: {
    id: Generated<number>;
    kind: string;
    file_name: string | null;
    format: string | null;
    status: string;
    user_id: number;
    started_at: number;
    finished_at: number | null;
    summary: string | null;
  };
}
