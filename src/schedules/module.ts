import type { DomainModule } from '../core/module.js';
import { scheduleEngine } from './engine.js';
import { registerCalendarRoutes } from './feeds.js';
import { scheduleRoutes } from './routes.js';

/** On-call schedules: rotations, overrides, cover, who is on call, hand-off notices, calendar feeds. */
export const schedulesModule: DomainModule = {
  name: 'schedules',
  api: (api, kernel) => scheduleRoutes(api, kernel.config.publicUrl),
  public: [{ prefix: '/calendar', auth: 'signed-link', register: registerCalendarRoutes }],
  engine: scheduleEngine,
  webPaths: ['/schedules', '/schedules/new', '/schedules/:id'],
};
