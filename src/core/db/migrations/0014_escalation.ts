import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

const KINDS = sql.raw(['user', 'schedule', 'team', 'incident_commander'].map((k) => `'${k}'`).join(', '));

/**
 * Escalation policies (src/escalation): ordered tiers, each with a delay, an optional severity
 * condition and its targets; and the policy a service escalates by. Names are unique in any case,
 * enforced here so that two concurrent creates cannot both win.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('escalation_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('repeat_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`repeat_count >= 0`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`create unique index escalation_policies_name_lower on escalation_policies (lower(name))`.execute(db);
  await db.schema
    .createTable('escalation_tiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('escalation_policies.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 1`))
    .addColumn('delay_minutes', 'integer', (c) => c.notNull().check(sql`delay_minutes >= 0`))
    // JSON list of severities the tier applies to; null: every severity.
    .addColumn('severities', 'text')
    .addUniqueConstraint('escalation_tiers_policy_position', ['policy_id', 'position'])
    .execute();
  await db.schema
    .createTable('escalation_targets')
    .addColumn('tier_id', 'text', (c) => c.notNull().references('escalation_tiers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${KINDS})`))
    // The user, schedule or team; none for the incident commander.
    .addColumn('target_id', 'text')
    .addPrimaryKeyConstraint('escalation_targets_pk', ['tier_id', 'position'])
    .addCheckConstraint('escalation_targets_id_by_kind', sql`(kind = 'incident_commander') = (target_id is null)`)
    .execute();
  await db.schema
    .alterTable('services')
    .addColumn('escalation_policy_id', 'text', (c) => c.references('escalation_policies.id').onDelete('set null'))
    .execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.alterTable('services').dropColumn('escalation_policy_id').execute();
  await db.schema.dropTable('escalation_targets').ifExists().execute();
  await db.schema.dropTable('escalation_tiers').ifExists().execute();
  await db.schema.dropTable('escalation_policies').ifExists().execute();
}
