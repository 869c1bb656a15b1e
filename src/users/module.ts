import type { DomainModule } from '../core/module.js';
import { authRoutes } from './auth-routes.js';
import { userCommands } from './cli.js';
import { userRoutes } from './routes.js';
import { tokenCommands } from './token-cli.js';

/** People, sign-in, sessions and API tokens. Authentication itself is ./auth.ts (the kernel asks it). */
export const usersModule: DomainModule = {
  name: 'users',
  api(api, kernel) {
    authRoutes(api, kernel);
    userRoutes(api);
  },
  cli(program) {
    userCommands(program);
    tokenCommands(program);
  },
  webPaths: ['/sign-in', '/setup', '/invite', '/people', '/profile'],
};
