import { sql, type Insertable } from 'kysely';
import type { Q } from '../core/db/index.js';
import type { EscalationState, EscalationsTable, EscalationStepsTable, PageNotificationsTable, PagesTable } from './tables.js';
import { prepared, standInRow } from '../core/db/prepared.js';

// Paging's SQL: service urgency settings, escalations, fired steps, pages and their notifications.

export const pagingSettingsOf = (q: Q, serviceIds: readonly string[]) =>
  serviceIds.length ? q.selectFrom('service_paging').selectAll().where('service_id', 'in', [...serviceIds]).execute() : Promise.resolve([]);

export async function upsertPagingSettings(q: Q, row: { service_id: string; urgencies: string; business_hours: string | null; updated_at: number }): Promise<void> {
  await q
    .insertInto('service_paging')
    .values(row)
    .onConflict((oc) => oc.column('service_id').doUpdateSet({ urgencies: row.urgencies, business_hours: row.business_hours, updated_at: row.updated_at }))
    .execute();
}

/** Inserts an escalation unless the incident already has one for this policy; true when inserted. */
export async function insertEscalation(q: Q, row: Insertable<EscalationsTable>): Promise<boolean> {
  const r = await q.insertInto('escalations').values(row).onConflict((oc) => oc.columns(['incident_id', 'policy_id']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

// The statements of every escalation step and page are prepared (db/prepared.ts). [unlocked, locked]
const FIND_ESCALATION = [false, true].map((lock) =>
  prepared((db, p: { id: string }) => db.selectFrom('escalations').selectAll().where('id', '=', p.id).$if(lock, (qb) => qb.forUpdate())),
);

export const findEscalation = (q: Q, id: string) => FIND_ESCALATION[0]!.first(q, { id });

/**
 * The escalation, locked until commit on PostgreSQL (SQLite's single writer already serialises):
 * firing a tier, escalating by hand and acknowledging then never interleave. Read its fired steps
 * in a statement of their own after this one: joined here, a read that waited for the lock would
 * see the steps as they were when it began, not those the holder fired (races.test.ts).
 */
export async function lockEscalation(q: Q, id: string, postgres: boolean) {
  return FIND_ESCALATION[postgres ? 1 : 0]!.first(q, { id });
}

export const escalationsOf = (q: Q, incidentId: string) => escalationsOfIncidents(q, [incidentId]);

/** The escalations of these incidents, oldest first. */
export async function escalationsOfIncidents(q: Q, incidentIds: readonly string[]): Promise<EscalationsTable[]> {
  if (incidentIds.length === 0) return [];
  return q.selectFrom('escalations').selectAll().where('incident_id', 'in', incidentIds).orderBy('created_at').execute();
}

/** Moves the incident's escalations in one of `from` to `to`; answers the ones moved. */
export async function moveEscalations(q: Q, incidentId: string, from: EscalationState[], patch: { state: EscalationState; acknowledged_at?: number | null; started_at?: number }, now: number) {
  return q
    .updateTable('escalations')
    .set({ ...patch, updated_at: now })
    .where('incident_id', '=', incidentId)
    .where('state', 'in', from)
    .returningAll()
    .execute();
}

export async function updateEscalation(q: Q, id: string, patch: Partial<Pick<EscalationsTable, 'state' | 'started_at' | 'urgency' | 'acknowledged_at' | 'first_round'>>, now: number): Promise<void> {
  await q.updateTable('escalations').set({ ...patch, updated_at: now }).where('id', '=', id).execute();
}

const FIRED_STEPS = prepared((db, p: { id: string }) => db.selectFrom('escalation_steps').select(['round', 'position']).where('escalation_id', '=', p.id));
export const firedSteps = (q: Q, escalationId: string) => FIRED_STEPS.all(q, { id: escalationId });

/** Several escalations, in id order (the order every batch locks them in), locked until commit on PostgreSQL (see lockEscalation). */
export async function lockEscalations(q: Q, ids: readonly string[], postgres: boolean): Promise<EscalationsTable[]> {
  return ids.length ? LOCK_ESCALATIONS[postgres ? 1 : 0]!.all(q, { ids: [...ids] }) : [];
}
const LOCK_ESCALATIONS = [false, true].map((lock) =>
  prepared((db, p: { ids: string[] }) => db.selectFrom('escalations').selectAll().where('id', 'in', p.ids).orderBy('id').$if(lock, (qb) => qb.forUpdate())),
);

/** The incidents of several escalations (unlocked: to lock them before the escalations). */
export async function incidentsOfEscalations(q: Q, ids: readonly string[]): Promise<string[]> {
  return ids.length ? (await INCIDENTS_OF.all(q, { ids: [...ids] })).map((r) => r.incident_id) : [];
}
const INCIDENTS_OF = prepared((db, p: { ids: string[] }) => db.selectFrom('escalations').select('incident_id').where('id', 'in', p.ids));

/** The steps fired by several escalations (read after locking them: lockEscalation says why). */
export async function firedStepsOf(q: Q, escalationIds: readonly string[]): Promise<Pick<EscalationStepsTable, 'escalation_id' | 'round' | 'position'>[]> {
  return escalationIds.length ? FIRED_STEPS_OF.all(q, { ids: [...escalationIds] }) : [];
}
const FIRED_STEPS_OF = prepared((db, p: { ids: string[] }) => db.selectFrom('escalation_steps').select(['escalation_id', 'round', 'position']).where('escalation_id', 'in', p.ids));

/**
 * Records steps as fired; answers those that were not yet (`${escalation_id}:${round}:${position}`).
 * A step already fired (another instance, a retried job) is left out: then do nothing for it.
 */
export async function claimSteps(q: Q, rows: readonly EscalationStepsTable[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const claimed =
    rows.length === 1
      ? await CLAIM_STEP.all(q, rows[0]!)
      : await q
          .insertInto('escalation_steps')
          .values([...rows])
          .onConflict((oc) => oc.columns(['escalation_id', 'round', 'position']).doNothing())
          .returning(['escalation_id', 'round', 'position'])
          .execute();
  return new Set(claimed.map((r) => `${r.escalation_id}:${r.round}:${r.position}`));
}
const CLAIM_STEP = prepared((db, p: EscalationStepsTable) =>
  db
    .insertInto('escalation_steps')
    .values(standInRow(p, ['escalation_id', 'round', 'position', 'fired_at', 'people']))
    .onConflict((oc) => oc.columns(['escalation_id', 'round', 'position']).doNothing())
    .returning(['escalation_id', 'round', 'position']),
);

export async function insertPages(q: Q, rows: readonly PagesTable[]): Promise<void> {
  if (rows.length === 1) await INSERT_PAGE.run(q, rows[0]!);
  else if (rows.length > 1) await q.insertInto('pages').values([...rows]).execute();
}
const PAGE_COLUMNS = ['id', 'incident_id', 'escalation_id', 'user_id', 'round', 'position', 'reason', 'urgency', 'reply_code', 'requested_by', 'note', 'created_at', 'acknowledged_at'] as const satisfies readonly (keyof PagesTable)[];
const INSERT_PAGE = prepared((db, p: PagesTable) => db.insertInto('pages').values(standInRow(p, PAGE_COLUMNS)));

export const findPage = (q: Q, id: string) => q.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();

export const pagesOfIncident = (q: Q, incidentId: string) => pagesOfIncidents(q, [incidentId]);

/** The pages of these incidents, oldest first. */
export async function pagesOfIncidents(q: Q, incidentIds: readonly string[]): Promise<PagesTable[]> {
  if (incidentIds.length === 0) return [];
  return q.selectFrom('pages').selectAll().where('incident_id', 'in', incidentIds).orderBy('created_at').orderBy('id').execute();
}

export const pagesOfUser = (q: Q, userId: string, limit: number) =>
  q.selectFrom('pages').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();

export async function acknowledgePages(q: Q, incidentId: string, now: number): Promise<void> {
  await q.updateTable('pages').set({ acknowledged_at: now }).where('incident_id', '=', incidentId).where('acknowledged_at', 'is', null).execute();
}

type NewNotification = Pick<PageNotificationsTable, 'outbox_key' | 'page_id' | 'contact_method_id' | 'channel' | 'due_at' | 'state'>;
/** Inserts each notification whose key is new; answers the keys inserted. */
export async function insertNotifications(q: Q, rows: readonly NewNotification[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const inserted =
    rows.length === 1
      ? await INSERT_NOTIFICATION.all(q, rows[0]!)
      : await q.insertInto('page_notifications').values([...rows]).onConflict((oc) => oc.column('outbox_key').doNothing()).returning('outbox_key').execute();
  return new Set(inserted.map((r) => r.outbox_key));
}
const INSERT_NOTIFICATION = prepared((db, p: NewNotification) =>
  db
    .insertInto('page_notifications')
    .values(standInRow(p, ['outbox_key', 'page_id', 'contact_method_id', 'channel', 'due_at', 'state']))
    .onConflict((oc) => oc.column('outbox_key').doNothing())
    .returning('outbox_key'),
);

export const findNotification = (q: Q, key: string) => q.selectFrom('page_notifications').selectAll().where('outbox_key', '=', key).executeTakeFirst();

export async function setNotificationState(q: Q, key: string, state: PageNotificationsTable['state']): Promise<void> {
  await q.updateTable('page_notifications').set({ state }).where('outbox_key', '=', key).execute();
}

/** A page's later notifications on this method will not go out (the method was brought forward). */
export async function skipPlanned(q: Q, pageId: string, contactMethodId: string): Promise<void> {
  await q.updateTable('page_notifications').set({ state: 'skipped' }).where('page_id', '=', pageId).where('contact_method_id', '=', contactMethodId).where('state', '=', 'planned').execute();
}

export const notificationsOfPages = (q: Q, pageIds: readonly string[]) =>
  pageIds.length ? q.selectFrom('page_notifications').selectAll().where('page_id', 'in', [...pageIds]).orderBy('due_at').execute() : Promise.resolve([]);

/**
 * Queued notifications whose outbox message failed and that nobody has followed up yet: the
 * watcher reports each once (the update of `fallback_at` decides between instances). Only those
 * failed since `since` (a day back: the watcher asks after every wake-up), found from the failed
 * messages (index outbox_messages_failed), which are few, not from the day's notifications.
 */
export async function failedUnhandled(q: Q, since: number, limit: number) {
  return (
    q
      .selectFrom('outbox_messages as m')
      .innerJoin('page_notifications as n', 'n.outbox_key', 'm.key')
      .select(['n.outbox_key', 'n.page_id', 'n.contact_method_id', 'n.channel', 'm.last_error'])
      // A literal, as the partial index outbox_messages_failed is written: a bound parameter
      // would keep SQLite's planner from using it.
      .where(sql<boolean>`m.status = 'failed'`)
      .where('m.failed_at', '>=', since)
      .where('n.state', '=', 'queued')
      .where('n.fallback_at', 'is', null)
      .limit(limit)
      .execute()
  );
}

/** Marks a failure handled; false when another instance did first. */
export async function markFallback(q: Q, key: string, now: number): Promise<boolean> {
  const r = await q.updateTable('page_notifications').set({ fallback_at: now }).where('outbox_key', '=', key).where('fallback_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Each page's notifications with what the outbox did with them (none yet: planned or skipped). */
export const notificationsWithDelivery = (q: Q, pageIds: readonly string[]) =>
  pageIds.length
    ? q
        .selectFrom('page_notifications as n')
        .leftJoin('outbox_messages as m', 'm.key', 'n.outbox_key')
        .select(['n.page_id', 'n.outbox_key', 'n.contact_method_id', 'n.channel', 'n.due_at', 'n.state', 'm.status', 'm.attempts', 'm.last_error', 'm.sent_at', 'm.delivered_at', 'm.failed_at'])
        .where('n.page_id', 'in', [...pageIds])
        .orderBy('n.due_at')
        .execute()
    : Promise.resolve([]);

export const pageTimes = (q: Q, userIds: readonly string[], from: number, to: number) =>
  userIds.length
    ? q.selectFrom('pages').select(['user_id', 'created_at']).where('user_id', 'in', [...userIds]).where('created_at', '>=', from).where('created_at', '<', to).execute()
    : Promise.resolve([]);
