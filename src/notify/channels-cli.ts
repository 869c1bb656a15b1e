import type { Command } from 'commander';
import { apiClient } from '../cli/api-client.js';
import { bold, dim, out, printJson } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';

// `tocsin channels`: how each notification channel is set up on the server (admins, over the API).

type Setup = ApiResponse<'/api/v1/channels', 'get'>;

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
  apiCommand(program.command('channels').description('how each notification channel is set up on the server: providers, URLs for their dashboards, what is missing (admins)')).action(async (o: Opts) => {
    const r = await apiClient(o).get<Setup>('/channels');
    if (o.json) return printJson(r);
    out(channelsText(r));
  });
}
