import type { Command } from 'commander';
import { reportCommands } from '../alerts/cli.js';
import { policyCommands } from '../escalation/cli.js';
import { incidentCommands } from '../incidents/cli.js';
import { changeCommands } from '../integrations/cli-changes.js';
import { suppressionRuleCommands } from '../integrations/cli-suppression.js';
import { integrationKeyCommands } from '../integrations/cli.js';
import { monitorCommands } from '../monitors/cli.js';
import { channelsCli } from '../notify/channels-cli.js';
import { contactsCli } from '../notify/contacts/cli.js';
import { pagingCommands } from '../paging/cli.js';
import { scheduleCommands } from '../schedules/cli.js';
import { serviceCommands } from '../services/cli.js';
import { teamCommands } from '../teams/cli.js';
import { userCommands } from '../users/cli.js';
import { tokenCommands } from '../users/token-cli.js';
import { watchdogCommands } from '../watchdog/cli.js';

/**
 * The CLI's composition root: every domain's `tocsin` subcommands, in the order of MODULES. Kept
 * apart from the modules so that `tocsin incident ack 42` loads its commands and the API client,
 * not the server: a domain's module imports its routes, services and providers (and through them
 * Fastify, pg, nodemailer), which only `serve` and the offline admin commands need, and those
 * import them when they run.
 */
export const COMMANDS: readonly ((program: Command) => void)[] = [
  userCommands,
  tokenCommands,
  teamCommands,
  serviceCommands,
  incidentCommands,
  reportCommands,
  integrationKeyCommands,
  suppressionRuleCommands,
  changeCommands,
  monitorCommands,
  scheduleCommands,
  policyCommands,
  contactsCli,
  channelsCli,
  pagingCommands,
  watchdogCommands,
];
