import type { DomainModule } from '../core/module.js';
import { teamRoutes } from './routes.js';

export const teamsModule: DomainModule = {
  name: 'teams',
  api: (api) => teamRoutes(api),
  webPaths: ['/teams'],
};
