import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AlertJson } from '../alerts/model.js';
import type { Ctx } from '../core/context.js';
import { ConflictError, unlessMissing, ValidationError } from '../core/errors.js';
import type { App, Kernel } from '../core/module.js';
import { addNote } from '../incidents/service.js';
import { escalateNow, snooze } from '../paging/lifecycle.js';
import { pageSomeone, type ManualTarget } from '../paging/manual.js';
import { getPolicy, listPolicies } from '../escalation/service.js';
import { getSchedule, listSchedules } from '../schedules/service.js';
import { getTeam, listTeams } from '../teams/service.js';
import { findUserByEmail, getUser } from '../users/service.js';
import { INTAKE_BODY_LIMIT } from './intake-http.js';
import { opsgenieNoteText, type OgParsed, type SaidWith } from './opsgenie.js';
import { accepted, identified, IdentifierQuery, latestAlert, notProcessable, schema, type IdentifiedReq } from './opsgenie-http.js';
import { parseAddResponder, parseAssign, parseEscalate, parseSnooze, type PolicyRef, type ResponderRef } from './opsgenie-responders.js';
import type { RequestAction, RequestOutcome } from './opsgenie-requests.js';

// Opsgenie's assign, add responder and snooze, done by Tocsin's paging on the incident the alert
// opened or joined, acting as the integration key: assigning pages the owner and adding a
// responder pages them ("page someone else": the escalation goes on until someone acknowledges),
// escalating is "escalate now" through the named policy, a snooze is Tocsin's snooze of an
// acknowledged incident. Parsing in opsgenie-responders.ts.

const params = Type.Object({ identifier: Type.String({ maxLength: 512 }) });
const routeOptions = (summary: string) => ({ bodyLimit: INTAKE_BODY_LIMIT, config: { public: true }, schema: { ...schema(`Opsgenie Alert API v2: ${summary}, by id or alias`), params, querystring: IdentifierQuery } });

/** The open alert an action names, with its incident; or the 202 (or refusal) already sent. */
async function openAlertOf(kernel: Kernel, req: IdentifiedReq, reply: FastifyReply, action: RequestAction, parsed: OgParsed<unknown>): Promise<{ ctx: Ctx; alert: AlertJson & { incident_id: string } } | FastifyReply> {
  const target = await identified(kernel, req, reply, parsed);
  if (!('dedup' in target)) return target;
  const { ctx, key, dedup, byId } = target;
  // Like Opsgenie, an unknown alert is accepted (and then nothing happens); so is a closed one.
  const alert = dedup === null ? undefined : (byId ?? (await latestAlert(ctx, key, dedup)));
  if (!alert) return accepted(kernel, reply, action, 'missing', null);
  if (alert.status !== 'open') return accepted(kernel, reply, action, 'notOpen', alert.id);
  if (!alert.incident_id) return accepted(kernel, reply, action, 'noIncident', alert.id);
  return { ctx, alert: { ...alert, incident_id: alert.incident_id } };
}

const byName = <T extends { name: string }>(items: readonly T[], name: string): T | undefined => items.find((i) => i.name.toLowerCase() === name.toLowerCase());

/** The Tocsin target a responder names; null when nobody by that id or name is here. */
async function targetOf(ctx: Ctx, r: ResponderRef): Promise<ManualTarget | null> {
  if (r.type === 'user') {
    const user = r.id ? await unlessMissing(getUser(ctx, r.id)) : await findUserByEmail(ctx, r.username!);
    return user ? { kind: 'user', id: user.id } : null;
  }
  if (r.type === 'team') {
    const team = r.id ? await unlessMissing(getTeam(ctx, r.id)) : byName((await listTeams(ctx, { q: r.name!, limit: 100 })).items, r.name!);
    return team ? { kind: 'team', id: team.id } : null;
  }
  const schedule = r.id ? await unlessMissing(getSchedule(ctx, r.id)) : byName((await listSchedules(ctx, { q: r.name!, limit: 100 })).items, r.name!);
  return schedule ? { kind: 'schedule', id: schedule.id } : null;
}

/** The escalation policy an escalate request names, by id or name; null when none is here. */
async function policyOf(ctx: Ctx, r: PolicyRef): Promise<{ id: string } | null> {
  if (r.id) return (await unlessMissing(getPolicy(ctx, r.id))) ?? null;
  return byName((await listPolicies(ctx, { q: r.name!, limit: 100 })).items, r.name!) ?? null;
}

const named = (r: ResponderRef): string => (r.type === 'user' ? (r.username ?? r.id!) : (r.name ?? r.id!));

export function registerOpsgenieResponderRoutes(scope: App, kernel: Kernel): void {
  const paging = [
    { path: 'assign', action: 'assign', field: 'owner', words: 'Assigned as owner', summary: 'assign an open alert: its owner is paged', parse: parseAssign },
    { path: 'responders', action: 'addResponder', field: 'responder', words: 'Added as a responder', summary: 'add a responder (a user, a team’s members, a schedule’s on-call person): they are paged', parse: parseAddResponder },
  ] as const;
  for (const r of paging) {
    scope.post<{ Params: { identifier: string }; Querystring: { identifierType?: string } }>(`/v2/alerts/:identifier/${r.path}`, routeOptions(r.summary), async (req, reply) => {
      const parsed = r.parse(req.body);
      const found = await openAlertOf(kernel, req, reply, r.action, parsed);
      if (!('alert' in found) || !parsed.ok) return found;
      const { ctx, alert } = found;
      const { value: who, said } = parsed.value;
      const to = await targetOf(ctx, who);
      if (!to) return notProcessable(reply, { [r.field]: `No ${who.type} ${named(who)} in Tocsin.` });
      try {
        await pageSomeone(ctx, alert.incident_id, { targets: [to], note: noteOf(said, r.words) });
      } catch (err) {
        // A team of nobody, a schedule with nobody on call: said, never a silent skip.
        if (err instanceof ValidationError && err.field?.startsWith('targets')) return notProcessable(reply, { [r.field]: err.message.replace(/^targets\.\d+\.id: /, '') });
        if (err instanceof ValidationError && err.field === 'incident') return accepted(kernel, reply, r.action, 'incidentOver', alert.id);
        throw err;
      }
      return accepted(kernel, reply, r.action, 'paged', alert.id);
    });
  }

  scope.post<{ Params: { identifier: string }; Querystring: { identifierType?: string } }>('/v2/alerts/:identifier/escalate', routeOptions('escalate an open alert: the next tier of the named escalation policy (the one paging its incident) is paged now'), async (req, reply) => {
    const parsed = parseEscalate(req.body);
    const found = await openAlertOf(kernel, req, reply, 'escalate', parsed);
    if (!('alert' in found) || !parsed.ok) return found;
    const { ctx, alert } = found;
    const { value: ref, said } = parsed.value;
    const policy = await policyOf(ctx, ref);
    if (!policy) return notProcessable(reply, { escalation: `No escalation policy ${ref.name ?? ref.id} in Tocsin.` });
    // Another policy than the incident's, no tier left, an incident over: nothing was paged.
    return actOnIncident(kernel, reply, { ctx, alert, said, action: 'escalate', done: 'escalated', refused: 'notEscalated' }, () => escalateNow(ctx, alert.incident_id, policy.id));
  });

  scope.post<{ Params: { identifier: string }; Querystring: { identifierType?: string } }>('/v2/alerts/:identifier/snooze', routeOptions('snooze an acknowledged alert until endTime (at most a day): its paging waits, then starts again'), async (req, reply) => {
    const parsed = parseSnooze(req.body, kernel.clock.now().getTime());
    const found = await openAlertOf(kernel, req, reply, 'snooze', parsed);
    if (!('alert' in found) || !parsed.ok) return found;
    const { ctx, alert } = found;
    // Not acknowledged, or nothing pages for it: Tocsin snoozes only what someone has taken.
    return actOnIncident(kernel, reply, { ctx, alert, said: parsed.value.said, action: 'snooze', done: 'snoozed', refused: 'notSnoozed' }, () => snooze(ctx, alert.incident_id, parsed.value.value));
  });
}

/**
 * Runs a paging action on the alert's incident: a ConflictError (the incident's state refuses it)
 * is accepted with the `refused` outcome and changes nothing; done, the request's note goes on
 * the timeline and the outcome is `done`.
 */
async function actOnIncident(
  kernel: Kernel,
  reply: FastifyReply,
  a: { ctx: Ctx; alert: { id: string; incident_id: string }; said: SaidWith; action: RequestAction; done: RequestOutcome; refused: RequestOutcome },
  act: () => Promise<unknown>,
): Promise<FastifyReply> {
  try {
    await act();
  } catch (err) {
    if (err instanceof ConflictError) return accepted(kernel, reply, a.action, a.refused, a.alert.id);
    throw err;
  }
  if (a.said.note) await addNote(a.ctx, { id: a.alert.incident_id, text: opsgenieNoteText(a.said.note, a.said.user) });
  return accepted(kernel, reply, a.action, a.done, a.alert.id);
}

/** What the page and the timeline say of the request: its note (or what it did), and who sent it. */
const noteOf = (said: SaidWith, words: string): string => opsgenieNoteText(said.note ?? words, said.user);
