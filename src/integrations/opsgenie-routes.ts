import { randomUUID } from 'node:crypto';
import { Type, type TObject } from 'typebox';
import { getAlert, listAlerts } from '../alerts/service.js';
import type { AlertJson } from '../alerts/model.js';
import type { Ctx } from '../core/context.js';
import { unlessMissing } from '../core/errors.js';
import type { App, Kernel } from '../core/module.js';
import { addNote } from '../incidents/service.js';
import { INTAKE_BODY_LIMIT, jsonBodies, keyCtx, senderErrors, applyInGroup } from './intake-http.js';
import { scopedDedupKey, sendersDedupKey, type IntakeEvent } from './model.js';
import { opsgenieNoteText, parseAction, parseAddDetails, parseAddTags, parseCreate, parsePriority, parseRemoveDetails, parseRemoveTags, parseTextUpdate, PRIORITY_SEVERITY, unsupportedAction, type OgParsed } from './opsgenie.js';
import { accepted, authenticate, identified, IdentifierQuery, latestAlert, notProcessable, refuse, schema, took } from './opsgenie-http.js';
import { registerOpsgenieResponderRoutes } from './opsgenie-responder-routes.js';
import { opsgenieAlert, parseListQuery, readRequestId, requestStatus, type RequestAction } from './opsgenie-requests.js';
import { OgAlert, OgAlertList, OgRefused, OgRequestStatus } from './schemas.js';
import { newKeySecret, reviseSendersAlert, type SendersRevision } from './service.js';

// Opsgenie Alert API v2 at the same paths (`api_url` pointed at Tocsin): create, close,
// acknowledge, notes, and the changes to an open alert (message, description, priority, tags,
// details). Opsgenie processes requests later and always answers 202 when accepted;
// so does Tocsin, though here the work is done (committed) before the answer.

const ACTIONS = ['close', 'acknowledge', 'notes'] as const;
const ListQueryString = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 1000, description: 'status:open, status:closed, alias:<alias>, joined by AND' })),
  limit: Type.Optional(Type.String({ maxLength: 10 })),
  offset: Type.Optional(Type.String({ maxLength: 10 })),
  sort: Type.Optional(Type.String({ maxLength: 40 })),
  order: Type.Optional(Type.String({ maxLength: 10 })),
  apiKey: Type.Optional(Type.String({ maxLength: 200 })),
});
/** A DELETE's query: what to remove, and who asks (Opsgenie takes user, source and note there too). */
const RemoveQuery = (field: string, description: string) =>
  Type.Object({
    ...IdentifierQuery.properties,
    [field]: Type.Optional(Type.String({ maxLength: 20_000, description })),
    user: Type.Optional(Type.String({ maxLength: 100 })),
    source: Type.Optional(Type.String({ maxLength: 100 })),
    note: Type.Optional(Type.String({ maxLength: 25_000 })),
  });
/** A DELETE takes no body: its schema says none. */
const withoutBodyFor = <T extends { body: unknown }>(method: string, s: T): T | Omit<T, 'body'> => {
  if (method !== 'DELETE') return s;
  const { body: _none, ...rest } = s;
  return rest;
};
/** A parsed request as the revision it asks for. */
const revising = <T,>(parsed: OgParsed<T>, as: (value: T) => SendersRevision): OgParsed<SendersRevision> => (parsed.ok ? { ok: true, value: as(parsed.value) } : parsed);
export function registerOpsgenieRoutes(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    jsonBodies(scope);
    senderErrors(scope, (reply, message) => refuse(reply, 400, message));

    scope.post('/v2/alerts', { bodyLimit: INTAKE_BODY_LIMIT, config: { public: true }, schema: { ...schema('Opsgenie Alert API v2: create an alert (alias is the dedup key)'), querystring: IdentifierQuery } }, async (req, reply) => {
      const auth = await authenticate(kernel, req);
      if ('refused' in auth) return refuse(reply, 401, auth.refused);
      const { key } = auth;
      const parsed = parseCreate(req.body, newKeySecret());
      if (!parsed.ok) return notProcessable(reply, parsed.errors);
      const [applied] = await applyInGroup(kernel, keyCtx(kernel, req, key), key, 'opsgenie', [parsed.value]);
      const outcome = applied?.suppressed_by && !applied.alert_id ? 'suppressed' : applied?.created ? 'created' : applied?.alert_id ? 'deduplicated' : 'missing';
      return accepted(kernel, reply, 'create', outcome, applied?.alert_id ?? null);
    });

    // What Opsgenie's SDKs ask after a request: how it went (and the alert's id), and the alert.
    scope.get<{ Params: { requestId: string } }>(
      '/v2/alerts/requests/:requestId',
      {
        config: { public: true },
        schema: { tags: ['intake'], summary: 'Opsgenie Alert API v2: how a request went, and its alert’s id', security: [], problems: [429] as const, params: Type.Object({ requestId: Type.String({ maxLength: 200 }) }), querystring: IdentifierQuery, response: { 200: OgRequestStatus, 400: OgRefused, 401: OgRefused, 404: OgRefused } },
      },
      async (req, reply) => {
        const auth = await authenticate(kernel, req);
        if ('refused' in auth) return refuse(reply, 401, auth.refused);
        const request = readRequestId(req.params.requestId);
        const alert = request?.alertId ? await unlessMissing(getAlert(keyCtx(kernel, req, auth.key), request.alertId)) : null;
        // A request names its own key's alert; any other is as unknown as a requestId never given.
        if (!request || (request.alertId !== null && alert?.source_ref !== auth.key.id)) return refuse(reply, 404, 'Request not found');
        const alias = alert ? sendersDedupKey(auth.key.id, alert.dedup_key) : null;
        return { data: requestStatus(request, auth.key.id, alias), took: took(reply), requestId: randomUUID() };
      },
    );

    scope.get<{ Querystring: Record<string, string | undefined> }>(
      '/v2/alerts',
      {
        config: { public: true },
        schema: { tags: ['intake'], summary: 'Opsgenie Alert API v2: the key’s alerts, newest first (query status:open|closed, alias:<x>; limit, offset)', security: [], problems: [429] as const, querystring: ListQueryString, response: { 200: OgAlertList, 400: OgRefused, 401: OgRefused, 422: OgRefused } },
      },
      async (req, reply) => {
        const auth = await authenticate(kernel, req);
        if ('refused' in auth) return refuse(reply, 401, auth.refused);
        const parsed = parseListQuery(req.query);
        if (!parsed.ok) return notProcessable(reply, parsed.errors);
        const { status, alias, limit, offset } = parsed.value;
        const key = auth.key;
        const page = await listAlerts(keyCtx(kernel, req, key), { source_ref: key.id, status, dedup_key: alias === undefined ? undefined : scopedDedupKey(key.id, alias), limit, offset });
        const at = (from: number) => {
          const params = new URLSearchParams({ ...(req.query.query ? { query: req.query.query } : {}), offset: String(from), limit: String(limit), sort: 'createdAt', order: 'desc' });
          return `${kernel.config.publicUrl}/v2/alerts?${params}`;
        };
        return {
          data: page.items.map((a) => opsgenieAlert(a, sendersDedupKey(key.id, a.dedup_key) ?? a.dedup_key, key)),
          paging: { first: at(0), ...(page.next_cursor ? { next: at(offset + limit) } : {}) },
          took: took(reply),
          requestId: randomUUID(),
        };
      },
    );

    scope.get<{ Params: { identifier: string }; Querystring: { identifierType?: string } }>(
      '/v2/alerts/:identifier',
      {
        config: { public: true },
        schema: { tags: ['intake'], summary: 'Opsgenie Alert API v2: an alert, by id or alias, as Opsgenie shows one', security: [], problems: [429] as const, params: Type.Object({ identifier: Type.String({ maxLength: 512 }) }), querystring: IdentifierQuery, response: { 200: OgAlert, 400: OgRefused, 401: OgRefused, 404: OgRefused, 422: OgRefused } },
      },
      async (req, reply) => {
        const target = await identified(kernel, req, reply, { ok: true });
        if (!('dedup' in target)) return target;
        const { ctx, key, dedup, byId } = target;
        // By id, that alert (its alias may have opened newer ones since); by alias, the newest.
        const alert = byId ?? (dedup === null ? undefined : await latestAlert(ctx, key, dedup));
        if (!alert) return refuse(reply, 404, 'Alert does not exist');
        return { data: opsgenieAlert(alert, dedup!, key), took: took(reply), requestId: randomUUID() };
      },
    );

    for (const action of ACTIONS) {
      scope.post<{ Params: { identifier: string }; Querystring: { identifierType?: string } }>(
        `/v2/alerts/:identifier/${action}`,
        {
          bodyLimit: INTAKE_BODY_LIMIT,
          config: { public: true },
          schema: { ...schema(`Opsgenie Alert API v2: ${action === 'notes' ? 'add a note to' : action} an alert, by id or alias`), params: Type.Object({ identifier: Type.String({ maxLength: 512 }) }), querystring: IdentifierQuery },
        },
        async (req, reply) => {
          const parsed = parseAction(req.body, action);
          const target = await identified(kernel, req, reply, parsed);
          if (!('dedup' in target)) return target;
          const { ctx, key, dedup, byId } = target;
          // Like Opsgenie, an unknown alert is accepted (and then nothing happens).
          if (dedup === null || !parsed.ok) return accepted(kernel, reply, action, 'missing', null);
          if (action === 'notes') {
            // By id, on that alert's incident, closed or not; by alias, on the newest's.
            const noted = await noteOnAlert(ctx, byId ?? (await latestAlert(ctx, key, dedup)), parsed.value.note!, parsed.value.user);
            return accepted(kernel, reply, action, noted.alertId === null ? 'missing' : noted.kept ? 'noted' : 'unkept', noted.alertId);
          }
          // An alert named by id that has closed is left alone: acting on its alias would reach
          // the newer alert the alias opened since.
          if (byId && byId.status !== 'open') return accepted(kernel, reply, action, 'notOpen', byId.id);
          const ev: IntakeEvent = { action: action === 'close' ? 'resolve' : 'acknowledge', dedup_key: dedup, summary: parsed.value.note ?? '', severity: null, started_at: null, details: {} };
          const [applied] = await applyInGroup(kernel, ctx, key, 'opsgenie', [ev]);
          const alertId = applied?.alert_id ?? null;
          return accepted(kernel, reply, action, alertId === null ? 'missing' : action === 'close' ? 'closed' : 'acknowledged', alertId);
        },
      );
    }

    // Changes to an open alert: Alertmanager's opsgenie_configs with `update_alerts: true` sends
    // message and description after every create (refused, the notification failed and the
    // group's later alerts went unsent); scripts add tags and details and change the priority.
    const updates: { method: 'PUT' | 'POST' | 'DELETE'; path: string; action: RequestAction; summary: string; parse: (req: { body: unknown; query: unknown }) => OgParsed<SendersRevision>; query?: TObject }[] = [
      { method: 'PUT', path: 'message', action: 'message', summary: 'update an open alert’s message', parse: (r) => revising(parseTextUpdate(r.body, 'message'), (summary) => ({ summary })) },
      { method: 'PUT', path: 'description', action: 'description', summary: 'update an open alert’s description', parse: (r) => revising(parseTextUpdate(r.body, 'description'), (description) => ({ description })) },
      { method: 'PUT', path: 'priority', action: 'priority', summary: 'change an open alert’s priority (its severity; the incident’s stays)', parse: (r) => revising(parsePriority(r.body), (name) => ({ priority: { name, severity: PRIORITY_SEVERITY[name] } })) },
      { method: 'POST', path: 'tags', action: 'addTags', summary: 'add tags to an open alert', parse: (r) => revising(parseAddTags(r.body), ({ value: add, said }) => ({ tags: { add }, said })) },
      { method: 'DELETE', path: 'tags', action: 'removeTags', summary: 'remove tags (?tags=a,b) from an open alert', parse: (r) => revising(parseRemoveTags(r.query), ({ value: remove, said }) => ({ tags: { remove }, said })), query: RemoveQuery('tags', 'Tags to remove, comma-separated') },
      { method: 'POST', path: 'details', action: 'addDetails', summary: 'add or change custom details of an open alert', parse: (r) => revising(parseAddDetails(r.body), ({ value: set, said }) => ({ details: { set }, said })) },
      { method: 'DELETE', path: 'details', action: 'removeDetails', summary: 'remove custom details (?keys=a,b) from an open alert', parse: (r) => revising(parseRemoveDetails(r.query), ({ value: remove, said }) => ({ details: { remove }, said })), query: RemoveQuery('keys', 'Detail keys to remove, comma-separated') },
    ];
    for (const u of updates) {
      scope.route<{ Params: { identifier: string }; Querystring: { identifierType?: string } }>({
        method: u.method,
        url: `/v2/alerts/:identifier/${u.path}`,
        bodyLimit: INTAKE_BODY_LIMIT,
        config: { public: true },
        schema: {
          ...withoutBodyFor(u.method, schema(`Opsgenie Alert API v2: ${u.summary}, by id or alias`)),
          params: Type.Object({ identifier: Type.String({ maxLength: 512 }) }),
          querystring: u.query ?? IdentifierQuery,
        },
        handler: async (req, reply) => {
          const parsed = u.parse(req);
          const target = await identified(kernel, req, reply, parsed);
          if (!('dedup' in target)) return target;
          const { ctx, key, dedup, byId } = target;
          // As for the other actions, an alert that is not open is accepted and left alone.
          if (dedup === null || !parsed.ok) return accepted(kernel, reply, u.action, 'missing', null);
          if (byId && byId.status !== 'open') return accepted(kernel, reply, u.action, 'notOpen', byId.id);
          const alertId = await reviseSendersAlert(ctx, key, dedup, parsed.value, 'opsgenie');
          return accepted(kernel, reply, u.action, alertId === null ? 'missing' : 'updated', alertId);
        },
      });
    }
    registerOpsgenieResponderRoutes(scope, kernel);

    // An action Tocsin does not do (unacknowledge, custom actions) says so, in Opsgenie's shape and
    // as a 4xx a sender will not retry, rather than a 404 that reads as "no such alert".
    for (const url of ['/v2/alerts/:identifier/:action', '/v2/alerts/:identifier/actions/:action']) {
      scope.post<{ Params: { identifier: string; action: string }; Querystring: { identifierType?: string } }>(
        url,
        {
          bodyLimit: INTAKE_BODY_LIMIT,
          config: { public: true },
          schema: {
            ...schema('Opsgenie Alert API v2: an action Tocsin does not do (unacknowledge, custom actions): 422 saying what to do instead'),
            params: Type.Object({ identifier: Type.String({ maxLength: 512 }), action: Type.String({ maxLength: 100 }) }),
            querystring: IdentifierQuery,
          },
        },
        async (req, reply) => {
          const auth = await authenticate(kernel, req);
          if ('refused' in auth) return refuse(reply, 401, auth.refused);
          return refuse(reply, 422, unsupportedAction(req.params.action, url.includes('/actions/')));
        },
      );
    }
  });
}

/** A note goes on the timeline of the incident the alert opened or joined (none: not kept). */
async function noteOnAlert(ctx: Ctx, alert: AlertJson | undefined, note: string, user: string | null): Promise<{ alertId: string | null; kept: boolean }> {
  if (!alert?.incident_id) return { alertId: alert?.id ?? null, kept: false };
  await addNote(ctx, { id: alert.incident_id, text: opsgenieNoteText(note, user) });
  return { alertId: alert.id, kept: true };
}
