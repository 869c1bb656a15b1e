/**
 * Where a first page's time goes inside Tocsin, from the rows it wrote (epoch ms, the same wall
 * clock as the bench's): the event's arrival in the intake (alerts.opened_at), the claim of the
 * outbox message (outbox_attempts.started_at: a page is inserted already claimed, inside the
 * event's own transaction, and sent right after its commit; a page left to the dispatcher is
 * claimed by its next cycle), and the page's arrival at the receiver. Stages, each as p50 / p99:
 *   request → intake (HTTP, parse, until the intake reads its clock),
 *   intake → answered (the transaction: alert, incident, escalation, page, outbox row, commit),
 *   intake → claim (inside the transaction: up to the page's row; or commit, wake-up, cycle),
 *   claim → received (the rest of the transaction, its commit, the provider's request on the wire).
 */
import type { Database } from '../../src/core/db/index.js';
import type { EventSample } from './first-page.js';
import { percentile, round } from './harness.js';

export interface StageFigures {
  events: number;
  request_to_intake_ms: [number, number];
  intake_to_answered_ms: [number, number];
  intake_to_claim_cycle_ms: [number, number];
  claim_cycle_to_received_ms: [number, number];
}

const p50p99 = (xs: number[]): [number, number] => {
  const s = [...xs].sort((a, b) => a - b);
  return [round(percentile(s, 50)), round(percentile(s, 99))];
};

export async function firstPageStages(db: Database, samples: EventSample[]): Promise<StageFigures> {
  const byToken = new Map(samples.filter((s) => s.latencyMs !== null).map((s) => [s.token, s]));
  const rows = await db.kysely
    .selectFrom('alerts as a')
    .innerJoin('pages as p', 'p.incident_id', 'a.incident_id')
    .innerJoin('page_notifications as n', 'n.page_id', 'p.id')
    .innerJoin('outbox_messages as m', 'm.key', 'n.outbox_key')
    .innerJoin('outbox_attempts as t', (j) => j.onRef('t.message_id', '=', 'm.id').on('t.attempt', '=', 1))
    .select(['a.dedup_key', 'a.opened_at', 't.started_at'])
    .execute();
  const stages = { intake: [] as number[], answered: [] as number[], claim: [] as number[], received: [] as number[] };
  for (const r of rows) {
    const s = byToken.get(r.dedup_key.slice(r.dedup_key.indexOf(':') + 1));
    if (!s) continue;
    const opened = Number(r.opened_at) - s.sentEpochMs;
    const cycle = Number(r.started_at) - s.sentEpochMs;
    stages.intake.push(opened);
    stages.answered.push(s.answeredMs - opened);
    stages.claim.push(cycle - opened);
    stages.received.push(s.latencyMs! - cycle);
  }
  return {
    events: stages.intake.length,
    request_to_intake_ms: p50p99(stages.intake),
    intake_to_answered_ms: p50p99(stages.answered),
    intake_to_claim_cycle_ms: p50p99(stages.claim),
    claim_cycle_to_received_ms: p50p99(stages.received),
  };
}
