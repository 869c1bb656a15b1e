import type { Command } from 'commander';
import { apiClient } from '../cli/api-client.js';
import { oneOf } from '../cli/common.js';
import { resolveId } from '../cli/lookup.js';
import { fields, localTime, out, printJson, table, text } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { heartbeatPingUrl, pagerDutyV1Url } from './sender-urls.js';

// `tocsin integration-key create|list|revoke` over the API.

type Created = ApiResponse<'/api/v1/services/{id}/integration-keys', 'post'>;
type KeyList = ApiResponse<'/api/v1/services/{id}/integration-keys', 'get'>;

const TYPES = ['pagerduty', 'alertmanager', 'opsgenie', 'webhook'] as const;
const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
const keysPath = (serviceId: string) => `/services/${encodeURIComponent(serviceId)}/integration-keys`;
const withService = (cmd: Command) => cmd.requiredOption('--service <service>', 'the service: its name or id');

/** What to paste where, per sender. */
function howToUse(k: Created): string {
  switch (k.type) {
    case 'pagerduty':
      return `POST PagerDuty Events v2 events to ${k.endpoint} with "routing_key": "${k.key}"\nOlder senders on Events API v1 post to ${pagerDutyV1Url(k.endpoint)} with the same key as "service_key"`;
    case 'opsgenie':
      return `Set the Opsgenie api_url to ${k.endpoint} and the API key to ${k.key}\nHeartbeat pings go to ${heartbeatPingUrl(k.endpoint, '<name>')} (a heartbeat monitor called <name> on this service)`;
    default:
      return `POST to ${k.endpoint}`;
  }
}

export function integrationKeyCommands(program: Command): void {
  const cmd = program.command('integration-key').description("a service's integration keys, for alert senders (over the API)");

  apiCommand(
    withService(cmd.command('create').description('make a key; it is shown once'))
      .requiredOption('--type <type>', `the sender: ${TYPES.join(', ')}`, oneOf(TYPES))
      .option('--name <name>', 'what the key is for (default: the type)')
      .option('--severity <severity>', `default severity when the sender gives none: ${SEVERITIES.join(', ')}`, oneOf(SEVERITIES))
      .addHelpText('after', '\nExample:\n  tocsin integration-key create --service checkout --type alertmanager --name prometheus'),
  ).action(async (o: Opts & { service: string; type: (typeof TYPES)[number]; name?: string; severity?: (typeof SEVERITIES)[number] }) => {
    const api = apiClient(o);
    const serviceId = await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' });
    const k = await api.post<Created>(keysPath(serviceId), { name: o.name ?? o.type, type: o.type, ...(o.severity ? { default_severity: o.severity } : {}) });
    if (o.json) return printJson(k);
    out(fields([['id', k.id], ['name', k.name], ['type', k.type], ['key', k.key], ['endpoint', k.endpoint]]));
    out('');
    out(howToUse(k));
    out('The key is not shown again: keep it in the sender’s configuration.');
  });

  apiCommand(withService(cmd.command('list').description("the service's keys (prefixes only)"))).action(async (o: Opts & { service: string }) => {
    const api = apiClient(o);
    const serviceId = await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' });
    const page = await api.get<KeyList>(keysPath(serviceId));
    if (o.json) return printJson(page);
    out(table(['name', 'id', 'type', 'key', 'created', 'revoked'], page.items.map((k) => [k.name, k.id, k.type, `${k.key_prefix}…`, localTime(k.created_at), text(k.revoked_at && localTime(k.revoked_at))])));
  });

  apiCommand(withService(cmd.command('revoke').description('revoke a key: its events are refused from now on')).argument('<key-id>', 'the key id (ikey_...)')).action(
    async (keyId: string, o: Opts & { service: string }) => {
      const api = apiClient(o);
      const serviceId = await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' });
      await api.delete(`${keysPath(serviceId)}/${encodeURIComponent(keyId)}`);
      if (o.json) return printJson({ id: keyId, revoked: true });
      out(`Revoked ${keyId}`);
    },
  );
}
