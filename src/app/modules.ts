import { alertsModule } from '../alerts/module.js';
import type { DomainModule } from '../core/module.js';
import { escalationModule } from '../escalation/module.js';
import { monitorsModule } from '../monitors/module.js';
import { incidentsModule } from '../incidents/module.js';
import { integrationsModule } from '../integrations/module.js';
import { notifyModule } from '../notify/module.js';
import { pagingModule } from '../paging/module.js';
import { schedulesModule } from '../schedules/module.js';
import { servicesModule } from '../services/module.js';
import { teamsModule } from '../teams/module.js';
import { usersModule } from '../users/module.js';
import { watchdogModule } from '../watchdog/module.js';

/**
 * The composition root: every domain, in order. The server and the test harness build from this
 * list; adding a domain is its folder, one line here, its migration, and its `tocsin` subcommands
 * in ./commands.ts (the CLI's own root, which does not load the modules).
 */
export const MODULES: readonly DomainModule[] = [usersModule, teamsModule, servicesModule, incidentsModule, alertsModule, integrationsModule, monitorsModule, schedulesModule, escalationModule, notifyModule, pagingModule, watchdogModule];

export { authenticator } from '../users/auth.js';
