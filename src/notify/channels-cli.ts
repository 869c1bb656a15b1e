import type { Command } from 'commander';
import { apiClient } from '../cli/api-client.js';
import { CliError, oneOf } from '../cli/common.js';
import { bold, dim, out, printJson } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';

// `tocsin channels`: how each notification channel is set up on the server (admins, over the API).

type Setup = ApiResponse<'/api/v1/channels', 'get'>;
type ProviderTest = ApiResponse<'/api/v1/channels/tests/{id}', 'get'>;

/** How long `channels test` waits for the provider's answer before saying it is still on its way. */
const WAIT_MS = 30_000;

const WHAT: Record<string, string> = { email: 'email', sms: 'SMS', voice: 'call' };

function testText(t: ProviderTest): string {
  const what = WHAT[t.channel] ?? 'message';
  if (t.status === 'failed') return `${t.provider} did not take the test ${what} to ${t.to}: ${t.error ?? 'no reason given'}`;
  if (t.status === 'sent' || t.status === 'delivered') return `${t.provider} took the test ${what} to ${t.to} (${t.provider_ref ?? 'no reference'}).`;
  return `Still on its way after ${WAIT_MS / 1000} s (${t.status}): \`tocsin channels test-result ${t.id}\` says how it went.`;
}

/** One block per channel: its providers in order, routes, the URLs to paste, and what is missing. */
export function channelsText(r: Setup): string {
  const blocks = r.items.map((c) => {
    const lines = [`${bold(c.channel)}  ${c.configured ? 'configured' : 'NOT configured'}`];
    c.providers.forEach((p, i) => lines.push(`  ${c.providers.length > 1 ? `${i + 1}. ` : ''}${p}`));
    if (c.routes.length) lines.push(`  routes: ${c.routes.join(', ')}`);
    for (const cb of c.callbacks) lines.push(`  ${cb.provider}: ${cb.purpose}`, `    ${cb.url}`);
    for (const n of c.notes) lines.push(`  ! ${n}`);
    return lines.join('\n');
  });
  const head = r.public_url_set ? `Public URL: ${r.public_url}` : dim(`Public URL: not set (TOCSIN_PUBLIC_URL); providers are told ${r.public_url}`);
  return [head, ...blocks].join('\n\n');
}

export function channelsCli(program: Command): void {
  const channels = program.command('channels').description('how each notification channel is set up on the server: providers, URLs for their dashboards, what is missing (admins)');
  apiCommand(channels).action(async (o: Opts) => {
    const r = await apiClient(o).get<Setup>('/channels');
    if (o.json) return printJson(r);
    out(channelsText(r));
  });
  apiCommand(
    channels
      .command('test')
      .description('send a test email, SMS or call through one provider alone (no failover, once) and wait for its answer')
      .argument('<channel>', 'email | sms | voice', oneOf(['email', 'sms', 'voice']))
      .option('--provider <name>', 'twilio, vonage, gateway or ari, as `tocsin channels` lists them (default: the first one a page tries)')
      .requiredOption('--to <address>', 'an email address, or a phone number in international format'),
  ).action(async (channel: string, o: Opts & { provider?: string; to: string }) => {
    const api = apiClient(o);
    const provider = o.provider ?? (await api.get<Setup>('/channels')).items.find((c) => c.channel === channel)?.testable[0];
    if (!provider) throw new CliError(`${channel} is not configured on the server: nothing to test (\`tocsin channels\` says what to set)`);
    let t = await api.post<ProviderTest>(`/channels/${channel}/tests`, { provider, to: o.to });
    for (const until = Date.now() + WAIT_MS; (t.status === 'pending' || t.status === 'sending') && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 500));
      t = await api.get<ProviderTest>(`/channels/tests/${encodeURIComponent(t.id)}`);
    }
    if (o.json) return printJson(t);
    // A provider that did not take it is the command failing: one line on stderr, exit 1.
    if (t.status === 'failed') throw new CliError(testText(t));
    out(testText(t));
  });
  apiCommand(channels.command('test-result').description('how a provider test went').argument('<id>', 'the test’s id')).action(async (id: string, o: Opts) => {
    const t = await apiClient(o).get<ProviderTest>(`/channels/tests/${encodeURIComponent(id)}`);
    if (o.json) return printJson(t);
    out(testText(t));
  });
}
