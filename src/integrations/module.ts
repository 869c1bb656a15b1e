import type { DomainEvent } from '../core/events.js';
import type { DomainModule } from '../core/module.js';
import { registerOpsgenieHeartbeats } from './opsgenie-heartbeats.js';
import { registerOpsgenieRoutes } from './opsgenie-routes.js';
import { registerPagerDutyRoutes, registerPagerDutyV1Route } from './pagerduty-routes.js';
import { integrationRoutes } from './routes.js';
import { registerWebhookRoutes } from './webhook-routes.js';
import { forgetKeys } from './service.js';

/**
 * Alert intake: integration keys per service, and the senders' own wire formats (PagerDuty
 * Events v2, Opsgenie Alert API and heartbeat pings, Alertmanager's webhook, a mapped JSON webhook) turned into
 * alerts through the alerts domain; change events (deploys) per service.
 */
export const integrationsModule: DomainModule = {
  name: 'integrations',
  api: integrationRoutes,
  // `event: change`: a deploy recorded on a service, for the incident pages that list its changes.
  live: [{ topic: 'change', from: (e: DomainEvent) => (e.type === 'change.recorded' ? e.data : null) }],
  public: [
    {
      prefix: '/v2',
      auth: 'integration-key',
      register(app, kernel) {
        registerPagerDutyRoutes(app, kernel);
        registerOpsgenieRoutes(app, kernel);
        registerOpsgenieHeartbeats(app, kernel);
      },
    },
    { prefix: '/integrations', auth: 'integration-key', register: registerWebhookRoutes },
    // PagerDuty Events API v1 (sender-urls.ts PD_V1_PATH).
    { prefix: '/generic', auth: 'integration-key', register: registerPagerDutyV1Route },
  ],
  on: {
    // Its keys go with it: no longer taken from memory once the delete has committed.
    'service.deleting': async (ctx) => void ctx.unit.afterCommit.push(() => forgetKeys(ctx.db)),
  },
};
