import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/core/context.js';
import { describeEachDatabase } from '../support/harness.js';

type Rule = 'public' | 'probe-token' | 'integration-key' | 'signed-link' | Role;

/**
 * Who may call what, for EVERY route the app registers. `public`: anyone, signed in or not;
 * a role: that role or stronger (weaker roles get 403, no credentials 401). A route missing
 * from this table fails the test: add new routes here with the role docs/api.md gives them.
 * `probe-token` and `integration-key`: a credential of their own, which no principal here has (401).
 * `signed-link`: the link itself is the credential; a made-up one is refused (403) whoever calls.
 */
const EXPECTED: Record<string, Rule> = {
  // operations and the API document
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/docs': 'public',
  'GET /api/v1/docs/json': 'public',
  'GET /api/v1/docs/yaml': 'public',
  'GET /api/v1/docs/static/*': 'public',
  'GET /api/v1/docs/static/index.html': 'public',
  'GET /api/v1/docs/static/swagger-initializer.js': 'public',
  // sign-in and first run
  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup': 'public',
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/sign-out': 'viewer',
  'GET /api/v1/me': 'viewer',
  'GET /api/v1/tokens': 'viewer',
  'POST /api/v1/tokens': 'viewer',
  'DELETE /api/v1/tokens/:id': 'viewer',
  // users (PATCH is viewer: people edit their own profile; the service checks the rest)
  'GET /api/v1/users': 'viewer',
  'GET /api/v1/users/:id': 'viewer',
  'POST /api/v1/users': 'admin',
  'GET /api/v1/channels': 'admin',
  'GET /api/v1/watchdog': 'admin',
  'POST /api/v1/watchdog/checks': 'admin',
  'GET /api/v1/watchdog/health': 'viewer',
  'POST /api/v1/channels/:channel/tests': 'admin',
  'GET /api/v1/channels/tests/:id': 'admin',
  'PATCH /api/v1/users/:id': 'viewer',
  'DELETE /api/v1/users/:id': 'admin',
  'POST /api/v1/users/:id/reactivate': 'admin',
  // invitations: admins invite; the one-time link itself is the credential
  'POST /api/v1/users/invitations': 'admin',
  'GET /api/v1/invitations/:token': 'public',
  'POST /api/v1/invitations/:token/accept': 'public',
  // teams and services
  'GET /api/v1/teams': 'viewer',
  'GET /api/v1/teams/:id': 'viewer',
  'POST /api/v1/teams': 'admin',
  'PATCH /api/v1/teams/:id': 'admin',
  'DELETE /api/v1/teams/:id': 'admin',
  'GET /api/v1/services': 'viewer',
  'GET /api/v1/services/:id': 'viewer',
  'POST /api/v1/services': 'admin',
  'PATCH /api/v1/services/:id': 'admin',
  'DELETE /api/v1/services/:id': 'admin',
  // incidents: viewers read, responders work them
  'GET /api/v1/incidents': 'viewer',
  'POST /api/v1/incidents': 'responder',
  'GET /api/v1/incidents/:id': 'viewer',
  'PATCH /api/v1/incidents/:id': 'responder',
  'POST /api/v1/incidents/:id/acknowledge': 'responder',
  'POST /api/v1/incidents/:id/mitigate': 'responder',
  'POST /api/v1/incidents/:id/resolve': 'responder',
  'POST /api/v1/incidents/:id/close': 'responder',
  'POST /api/v1/incidents/:id/reopen': 'responder',
  'POST /api/v1/incidents/:id/severity': 'responder',
  'POST /api/v1/incidents/:id/roles': 'responder',
  'DELETE /api/v1/incidents/:id/roles/:role/:user_id': 'responder',
  'POST /api/v1/incidents/:id/notes': 'responder',
  'GET /api/v1/incidents/:id/timeline': 'viewer',
  'GET /api/v1/live': 'viewer',
  // alerts and monitors: viewers read, responders manage monitors and maintenance, admins probes
  'GET /api/v1/alerts': 'viewer',
  'GET /api/v1/alerts/:id': 'viewer',
  'GET /api/v1/reports/noise': 'viewer',
  'GET /api/v1/suppression-rules': 'admin',
  'POST /api/v1/suppression-rules': 'admin',
  'DELETE /api/v1/suppression-rules/:id': 'admin',
  'GET /api/v1/monitors': 'viewer',
  'GET /api/v1/monitors/counts': 'viewer',
  'POST /api/v1/monitors': 'responder',
  'GET /api/v1/monitors/:id': 'viewer',
  'PATCH /api/v1/monitors/:id': 'responder',
  'POST /api/v1/monitors/:id/pause': 'responder',
  'POST /api/v1/monitors/:id/resume': 'responder',
  'DELETE /api/v1/monitors/:id': 'responder',
  'GET /api/v1/monitors/uptime-bars': 'viewer',
  'GET /api/v1/monitors/:id/results': 'viewer',
  'GET /api/v1/monitors/:id/uptime': 'viewer',
  'GET /api/v1/monitors/:id/history': 'viewer',
  'GET /api/v1/monitors/:id/events': 'viewer',
  'GET /api/v1/monitors/scheduler': 'viewer',
  'GET /api/v1/maintenance-windows': 'viewer',
  'POST /api/v1/maintenance-windows': 'responder',
  'DELETE /api/v1/maintenance-windows/:id': 'responder',
  'GET /api/v1/monitor-locations': 'viewer',
  'POST /api/v1/monitor-locations': 'admin',
  'DELETE /api/v1/monitor-locations/:name': 'admin',
  'GET /api/v1/users/invitations': 'admin',
  // escalation policies: viewers read, admins shape them and attach them to services
  'GET /api/v1/escalation-policies': 'viewer',
  'GET /api/v1/escalation-policies/:id': 'viewer',
  'POST /api/v1/escalation-policies': 'admin',
  'PATCH /api/v1/escalation-policies/:id': 'admin',
  'DELETE /api/v1/escalation-policies/:id': 'admin',
  'GET /api/v1/escalation-policies/:id/on-call': 'viewer',
  'PUT /api/v1/services/:id/escalation-policy': 'admin',
  // push: anyone signed in subscribes a browser with the server's VAPID key
  'GET /api/v1/push/vapid-public-key': 'viewer',
  'GET /api/v1/services/:id/on-call': 'viewer',
  // schedules: viewers read, responders override and ask for or take cover, admins shape schedules
  'GET /api/v1/schedules': 'viewer',
  'GET /api/v1/schedules/:id': 'viewer',
  'POST /api/v1/schedules': 'admin',
  'PATCH /api/v1/schedules/:id': 'admin',
  'DELETE /api/v1/schedules/:id': 'admin',
  'GET /api/v1/schedules/:id/shifts': 'viewer',
  'GET /api/v1/schedules/:id/on-call': 'viewer',
  'GET /api/v1/on-call': 'viewer',
  'GET /api/v1/users/:id/on-call': 'viewer',
  // how people are reached (src/notify/contacts): everyone manages their own; others' methods need admin
  'GET /api/v1/users/me/contact-methods': 'viewer',
  'POST /api/v1/users/me/contact-methods': 'viewer',
  'GET /api/v1/users/:id/contact-methods': 'admin',
  'PATCH /api/v1/users/me/contact-methods/:id': 'viewer',
  'DELETE /api/v1/users/me/contact-methods/:id': 'viewer',
  'POST /api/v1/users/me/contact-methods/:id/verify': 'viewer',
  'POST /api/v1/users/me/contact-methods/:id/resend-code': 'viewer',
  'GET /api/v1/users/me/notification-rules': 'viewer',
  'POST /api/v1/users/me/notification-rules': 'viewer',
  'DELETE /api/v1/users/me/notification-rules/:id': 'viewer',
  'POST /api/v1/users/me/test-page': 'viewer',
  'GET /api/v1/readiness': 'viewer', // several people's readiness (the People list)
  'GET /api/v1/contact-channels': 'viewer', // which channels the add-method form offers
  'GET /api/v1/users/:id/readiness': 'viewer',
  'GET /api/v1/escalation-policies/:id/readiness': 'viewer',
  'GET /api/v1/teams/:id/readiness': 'viewer',
  // paging (src/paging): anyone sees who was paged; responders page, escalate, snooze; admins set urgency
  'GET /api/v1/incidents/:id/pages': 'viewer',
  'GET /api/v1/pages': 'viewer', // the paging of several incidents (the incident list)
  'POST /api/v1/incidents/:id/page': 'responder',
  'POST /api/v1/incidents/:id/escalate': 'responder',
  'POST /api/v1/incidents/:id/snooze': 'responder',
  'POST /api/v1/incidents/:id/pages/acknowledge': 'responder',
  'GET /api/v1/users/:id/pages': 'admin', // another person's pages; your own is /users/me/pages
  'GET /api/v1/services/:id/paging': 'viewer',
  'PATCH /api/v1/services/:id/paging': 'admin',
  'POST /api/v1/schedules/:id/overrides': 'responder',
  'DELETE /api/v1/schedules/:id/overrides/:overrideId': 'responder',
  'GET /api/v1/schedules/:id/cover-requests': 'viewer',
  'POST /api/v1/schedules/:id/cover-requests': 'responder',
  'POST /api/v1/cover-requests/:id/take': 'responder',
  'DELETE /api/v1/cover-requests/:id': 'responder',
  'POST /api/v1/schedules/:id/feed-token': 'admin',
  'POST /api/v1/users/me/feed-token': 'viewer',
  'GET /api/v1/reports/on-call': 'viewer',
  'GET /api/v1/reports/on-call.csv': 'viewer',
  'GET /api/v1/schedules/:id/holidays': 'viewer',
  'PUT /api/v1/schedules/:id/holidays': 'admin',
  'GET /api/v1/schedules/:id/pay-rates': 'viewer',
  'PUT /api/v1/schedules/:id/pay-rates': 'admin',
  'DELETE /api/v1/schedules/:id/pay-rates': 'admin',
  // calendar feeds: the secret in the path is the credential (an unknown one answers 404)
  'GET /calendar/schedules/:file': 'public',
  'GET /calendar/users/:file': 'public',
  // page action links (email, push, chat): the token in the path acts once, without signing in
  'GET /act/:token': 'signed-link',
  'POST /act/:token': 'signed-link',
  // provider callbacks: Twilio's request signature is the credential (403 without it), Slack's too (401)
  'POST /notify/twilio/sms': 'signed-link',
  'POST /notify/twilio/sms-status': 'signed-link',
  // Vonage's SMS webhooks (GET or POST, as its dashboard is set), each signed with the account's
  // signature secret (403 without it)
  'GET /notify/vonage/sms': 'signed-link',
  'POST /notify/vonage/sms': 'signed-link',
  'GET /notify/vonage/sms-status': 'signed-link',
  'POST /notify/vonage/sms-status': 'signed-link',
  // An SMS gateway's received messages, with the shared token (403 without it)
  'GET /notify/sms-gateway/inbound': 'signed-link',
  'POST /notify/sms-gateway/inbound': 'signed-link',
  'GET /notify/sms-gateway/status': 'signed-link',
  'POST /notify/sms-gateway/status': 'signed-link',
  'POST /notify/twilio/voice/:id': 'signed-link',
  'POST /notify/twilio/voice/:id/gather': 'signed-link',
  'POST /notify/twilio/voice/:id/status': 'signed-link',
  // Vonage's JWT, signed with the account's signature secret over the body, likewise (403 without it)
  'POST /notify/vonage/voice/:id/answer': 'signed-link',
  'POST /notify/vonage/voice/:id/input': 'signed-link',
  'POST /notify/vonage/voice/:id/event': 'signed-link',
  'POST /notify/slack/interactions': 'integration-key',
  // Mattermost signs nothing: the action token inside the press is the credential (a made-up one
  // is told so, 200, as Mattermost shows it); a body that is no press is 400
  'POST /notify/mattermost/actions': 'public',
  // heartbeats: the uuid is the credential (an unknown one answers 404)
  'GET /ping/:uuid': 'public',
  'POST /ping/:uuid': 'public',
  'GET /ping/:uuid/:action': 'public',
  'POST /ping/:uuid/:action': 'public',
  // probes: only a probe location's token; no user's token or session gets in
  'GET /probe/v1/assignments': 'probe-token',
  'POST /probe/v1/results': 'probe-token',
  // alert intake: integration keys per service (admins make them), change events
  'GET /api/v1/services/:id/integration-keys': 'viewer',
  'POST /api/v1/services/:id/integration-keys': 'admin',
  'DELETE /api/v1/services/:id/integration-keys/:keyId': 'admin',
  'GET /api/v1/services/:id/changes': 'viewer',
  'GET /api/v1/services/:id/severity-map': 'viewer',
  'PUT /api/v1/services/:id/severity-map': 'admin',
  'GET /api/v1/services/:id/alert-settings': 'viewer',
  'PUT /api/v1/services/:id/alert-settings': 'admin',
  'POST /api/v1/changes': 'responder',
  'GET /api/v1/incidents/:id/changes': 'viewer',
  // senders: the integration key is the credential, in the body (PagerDuty) or the URL
  'POST /v2/enqueue': 'public',
  'POST /generic/2010-04-15/create_event.json': 'public',
  'POST /v2/change/enqueue': 'public',
  'POST /integrations/alertmanager/:key': 'public',
  'POST /integrations/webhook/:key': 'public',
  // Opsgenie's API: only `Authorization: GenieKey <integration key>`; no user's token gets in
  'POST /v2/alerts': 'integration-key',
  'GET /v2/alerts': 'integration-key',
  'GET /v2/alerts/:identifier': 'integration-key',
  'GET /v2/alerts/requests/:requestId': 'integration-key',
  'POST /v2/alerts/:identifier/close': 'integration-key',
  'POST /v2/alerts/:identifier/acknowledge': 'integration-key',
  'POST /v2/alerts/:identifier/notes': 'integration-key',
  'PUT /v2/alerts/:identifier/message': 'integration-key',
  'PUT /v2/alerts/:identifier/description': 'integration-key',
  'PUT /v2/alerts/:identifier/priority': 'integration-key',
  'POST /v2/alerts/:identifier/tags': 'integration-key',
  'DELETE /v2/alerts/:identifier/tags': 'integration-key',
  'POST /v2/alerts/:identifier/assign': 'integration-key',
  'POST /v2/alerts/:identifier/responders': 'integration-key',
  'POST /v2/alerts/:identifier/snooze': 'integration-key',
  'POST /v2/alerts/:identifier/escalate': 'integration-key',
  'POST /v2/alerts/:identifier/details': 'integration-key',
  'DELETE /v2/alerts/:identifier/details': 'integration-key',
  'POST /v2/alerts/:identifier/:action': 'integration-key',
  'POST /v2/alerts/:identifier/actions/:action': 'integration-key',
  'GET /v2/heartbeats/:name/ping': 'integration-key',
  'POST /v2/heartbeats/:name/ping': 'integration-key',
  'PUT /v2/heartbeats/:name/ping': 'integration-key',
  'PATCH /v2/heartbeats/:name/ping': 'integration-key',
};

/** Routes that stream (server-sent events) and never end by themselves: called over real HTTP. */
const STREAMING = new Set(['GET /api/v1/live']);

/** The built web app's files (names change with every build): public, like any static site. */
const isWebAsset = (method: string, url: string) =>
  method === 'GET' && !/^\/(api|v2|integrations|ping|status|healthz|readyz|metrics)(\/|$)/.test(url);

const PRINCIPALS = ['none', 'viewer', 'responder', 'admin', 'owner'] as const;
type Principal = (typeof PRINCIPALS)[number];
const STRENGTH: Record<Principal, number> = { none: -1, viewer: 0, responder: 1, admin: 2, owner: 3 };

/** Path params become ids nothing has, so an allowed call answers 404 (or 400), never changes anything. */
const concrete = (url: string) => url.replace(/:(\w+)/g, (_m, name: string) => `nope_${name}`).replace(/\*$/, 'nope.txt');

function expected(rule: Rule, who: Principal): 'allowed' | 401 | 403 {
  if (rule === 'public') return 'allowed';
  if (rule === 'probe-token' || rule === 'integration-key') return 401;
  if (rule === 'signed-link') return 403;
  if (who === 'none') return 401;
  return STRENGTH[who] >= STRENGTH[rule] ? 'allowed' : 403;
}

describeEachDatabase('access control on every route', (h) => {
  const headers: Partial<Record<Principal, Record<string, string>>> = { none: {} };
  let base = '';
  beforeAll(async () => {
    for (const role of ['viewer', 'responder', 'admin', 'owner'] as const) headers[role] = (await h.actor(role)).headers;
    if (h.app.routeTable.some((r) => STREAMING.has(`${r.method} ${r.url}`))) {
      base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    }
  });
  afterAll(async () => {
    await h.app.close();
  });

  async function statusOf(method: string, url: string, who: Principal, stream: boolean): Promise<number> {
    if (stream) {
      const abort = new AbortController();
      const res = await fetch(base + url, { method, headers: headers[who], signal: abort.signal });
      abort.abort();
      return res.status;
    }
    const withBody = ['POST', 'PATCH', 'PUT'].includes(method);
    const res = await h.app.inject({ method: method as 'GET', url, headers: headers[who], ...(withBody ? { payload: {} } : {}) });
    return res.statusCode;
  }

  it('has an expectation for every route, and no stale ones', () => {
    const keys = h.app.routeTable.map((r) => `${r.method} ${r.url}`);
    const missing = keys.filter((k) => !(k in EXPECTED) && !isWebAsset(k.split(' ')[0]!, k.split(' ')[1]!));
    expect(missing, 'add these routes to EXPECTED in test/integration/access.test.ts').toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !keys.includes(k)), 'routes in EXPECTED that no longer exist').toEqual([]);
  });

  it('answers 401 / 403 / allowed for each route and principal as the table says', async () => {
    const wrong: string[] = [];
    for (const r of h.app.routeTable) {
      const key = `${r.method} ${r.url}`;
      const rule = EXPECTED[key] ?? (isWebAsset(r.method, r.url) ? 'public' : undefined);
      if (!rule) continue; // reported by the test above
      for (const who of PRINCIPALS) {
        const status = await statusOf(r.method, concrete(r.url), who, STREAMING.has(key));
        const want = expected(rule, who);
        const ok = want === 'allowed' ? status !== 401 && status !== 403 && status < 500 : status === want;
        if (!ok) wrong.push(`${key} as ${who}: got ${status}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });
}, {
  // Twilio's, Vonage's and Slack's callbacks answer only when configured (else 404: nothing to verify against).
  env: {
    TOCSIN_VONAGE_APPLICATION_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    TOCSIN_VONAGE_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    TOCSIN_VONAGE_SIGNATURE_SECRET: 'access-test-vonage-secret',
    TOCSIN_VONAGE_VOICE_FROM: '+447700900001',
    TOCSIN_SMS_GATEWAY_URL: 'http://127.0.0.1:9/send', TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: 'access-test-gateway-token',
    TOCSIN_VONAGE_API_KEY: 'access-test-key', TOCSIN_VONAGE_API_SECRET: 'access-test-api-secret', TOCSIN_VONAGE_FROM: 'Tocsin',
    TOCSIN_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TOCSIN_TWILIO_AUTH_TOKEN: 'access-test-token', TOCSIN_TWILIO_FROM: '+15550000000', TOCSIN_SLACK_SIGNING_SECRET: 'access-test-slack-secret-0123456789' },
});
