import type { DomainModule } from '../core/module.js';
import { authRoutes } from './auth-routes.js';
import { userRoutes } from './routes.js';

/** People, sign-in, sessions and API tokens. Authentication itself is ./auth.ts (the kernel asks it). */
export const usersModule: DomainModule = {
  name: 'users',
  api(api, kernel) {
    authRoutes(api, kernel);
    userRoutes(api);
  },
  webPaths: ['/sign-in', '/setup', '/invite', '/people', '/profile'],
};
