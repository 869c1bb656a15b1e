import type { DomainModule } from '../core/module.js';
import { escalationRoutes } from './routes.js';

/** Escalation policies: ordered tiers of targets, the policy of each service, and who each tier reaches. */
export const escalationModule: DomainModule = {
  name: 'escalation',
  api: (api) => escalationRoutes(api),
  webPaths: ['/escalation-policies', '/escalation-policies/:id'],
};
