import type { DomainModule } from '../core/module.js';
import { serviceRoutes } from './routes.js';

/** The service catalog: owners, experts, dependencies, runbooks. */
export const servicesModule: DomainModule = {
  name: 'services',
  api: (api) => serviceRoutes(api),
  webPaths: ['/services', '/services/:id'],
};
