import type { Command } from 'commander';
import { apiClient } from '../../cli/api-client.js';
import { intInRange, oneOf } from '../../cli/common.js';
import { resolveId } from '../../cli/lookup.js';
import { dim, fields, localTime, out, printJson, table } from '../../cli/output.js';
import type { ApiResponse } from '../../http/api-types.js';
import { apiCommand, type Opts } from '../../incidents/cli-args.js';
import { USER_LOOKUP } from '../../users/cli.js';

// `tocsin contact list|add|verify|resend|remove`, `tocsin rule list|add|remove`, `tocsin test-page`
// and `tocsin readiness`: how you are reached, over the API as the token's person.

type Method = ApiResponse<'/api/v1/users/me/contact-methods', 'post'>;
type Methods = ApiResponse<'/api/v1/users/me/contact-methods', 'get'>;
type Rules = ApiResponse<'/api/v1/users/me/notification-rules', 'get'>;
type Rule = ApiResponse<'/api/v1/users/me/notification-rules', 'post'>;
// 202 is not among ApiResponse's success codes.
interface TestPage {
  messages: { id: string; contact_method_id: string; channel: string }[];
  not_sent: { contact_method_id: string; channel: string; reason: string }[];
}
type Readiness = ApiResponse<'/api/v1/users/{id}/readiness', 'get'>;

// Push subscriptions come from a browser (the web app subscribes); the CLI adds the others.
const CLI_CHANNELS = ['email', 'sms', 'voice', 'chat'] as const;
const FORMATS = ['slack', 'teams', 'discord', 'mattermost', 'google_chat'] as const;
const URGENCIES = ['high', 'low'] as const;
const M = '/users/me/contact-methods';

const state = (m: Method) => (m.disabled_at ? 'disabled' : m.verified ? 'verified' : 'unverified');
const methodRow = (m: Method) => [m.id, m.channel, m.address, m.label, state(m)];

function contactCommands(program: Command): void {
  const contact = program.command('contact').description('your contact methods: how pages reach you (over the API)');
  apiCommand(contact.command('list').description('list your contact methods')).action(async (o: Opts) => {
    const { items } = await apiClient(o).get<Methods>(M);
    if (o.json) return printJson(items);
    out(items.length ? table(['id', 'channel', 'address', 'label', 'state'], items.map(methodRow)) : dim('No contact methods: add one with `tocsin contact add email you@example.com`.'));
  });
  apiCommand(
    contact
      .command('add')
      .description('add a contact method; a code is sent to it (then `tocsin contact verify`)')
      .argument('<channel>', CLI_CHANNELS.join(', '), oneOf(CLI_CHANNELS))
      .argument('<address>', 'an email address, a phone number (+44 7911 123456) or a chat webhook URL')
      .option('--label <label>', 'your name for it, e.g. "Work phone"')
      .option('--country <CC>', 'region of a phone number in national format, e.g. GB')
      .option('--format <format>', `chat: ${FORMATS.join(', ')}`, oneOf(FORMATS)),
  ).action(async (channel: string, address: string, o: Opts & { label?: string; country?: string; format?: string }) => {
    const body = { channel, address, label: o.label, country: o.country, details: o.format ? { format: o.format } : undefined };
    const m = await apiClient(o).post<Method>(M, body);
    if (o.json) return printJson(m);
    out(`Added ${m.channel} ${m.address} (${m.id}). A code was sent to it: run \`tocsin contact verify ${m.id} <code>\` before ${localTime(m.code_expires_at)}.`);
  });
  apiCommand(contact.command('verify').description('verify a contact method with the code sent to it').argument('<id>', 'the method').argument('<code>', 'the 6-digit code')).action(
    async (id: string, code: string, o: Opts) => {
      const m = await apiClient(o).post<Method>(`${M}/${encodeURIComponent(id)}/verify`, { code });
      if (o.json) return printJson(m);
      out(`Verified ${m.channel} ${m.address}: pages can reach you there.`);
    },
  );
  apiCommand(contact.command('resend').description('send a new code (at most one a minute)').argument('<id>', 'the method')).action(async (id: string, o: Opts) => {
    const m = await apiClient(o).post<Method>(`${M}/${encodeURIComponent(id)}/resend-code`);
    if (o.json) return printJson(m);
    out(`A new code was sent to ${m.channel} ${m.address}.`);
  });
  apiCommand(contact.command('remove').description('remove a contact method and its rules').argument('<id>', 'the method')).action(async (id: string, o: Opts) => {
    await apiClient(o).delete(`${M}/${encodeURIComponent(id)}`);
    if (o.json) return printJson({ removed: id });
    out(`Removed ${id}.`);
  });
}

function ruleCommands(program: Command): void {
  const rule = program.command('rule').description('your notification rules: which method, how long after a page starts (over the API)');
  apiCommand(rule.command('list').description('list your notification rules')).action(async (o: Opts) => {
    const { items } = await apiClient(o).get<Rules>('/users/me/notification-rules');
    if (o.json) return printJson(items);
    out(items.length ? table(['id', 'urgency', 'after', 'channel', 'method'], items.map((r) => [r.id, r.urgency, `${r.delay_minutes} min`, r.channel, r.contact_method_id])) : dim('No notification rules.'));
  });
  apiCommand(
    rule
      .command('add')
      .description('add a rule: page this method N minutes after a page starts')
      .requiredOption('--method <id>', 'the contact method')
      .requiredOption('--urgency <urgency>', 'high or low', oneOf(URGENCIES))
      .option('--delay <minutes>', 'minutes after the page starts (0 to 1440)', intInRange(0, 1440), 0),
  ).action(async (o: Opts & { method: string; urgency: string; delay: number }) => {
    const r = await apiClient(o).post<Rule>('/users/me/notification-rules', { contact_method_id: o.method, urgency: o.urgency, delay_minutes: o.delay });
    if (o.json) return printJson(r);
    out(`Added ${r.id}: ${r.urgency} urgency pages reach ${r.channel} after ${r.delay_minutes} min.`);
  });
  apiCommand(rule.command('remove').description('remove a notification rule').argument('<id>', 'the rule')).action(async (id: string, o: Opts) => {
    await apiClient(o).delete(`/users/me/notification-rules/${encodeURIComponent(id)}`);
    if (o.json) return printJson({ removed: id });
    out(`Removed ${id}.`);
  });
}

function readinessText(r: Readiness): string {
  const line = (u: 'high' | 'low') => {
    const x = r[u];
    const head = x.reachable ? `${u}: reachable, first after ${x.first_minutes} min` : `${u}: NOT reachable`;
    return [head, ...x.problems.map((p) => `  - ${p.message}`)].join('\n');
  };
  return [fields([['person', `${r.name} (${r.user_id})`]]), line('high'), line('low')].join('\n');
}

export function contactsCli(program: Command): void {
  contactCommands(program);
  ruleCommands(program);
  apiCommand(program.command('test-page').description('send yourself a test page on every verified method').option('--method <id>', 'only this contact method')).action(async (o: Opts & { method?: string }) => {
    const r = await apiClient(o).post<TestPage>('/users/me/test-page', o.method ? { contact_method_id: o.method } : {});
    if (o.json) return printJson(r);
    out(`Test page queued on ${r.messages.map((m) => m.channel).join(', ')}.`);
    for (const n of r.not_sent) out(`Not sent on ${n.channel} (${n.contact_method_id}): ${n.reason}.`);
  });
  apiCommand(program.command('readiness').description('whether you (or --user) can be reached for each urgency, and why not').option('--user <user>', 'a person: name, email or id')).action(
    async (o: Opts & { user?: string }) => {
      const api = apiClient(o);
      const id = o.user ? await resolveId(api, o.user, { ...USER_LOOKUP, flag: '--user' }) : 'me';
      const r = await api.get<Readiness>(`/users/${encodeURIComponent(id)}/readiness`);
      if (o.json) return printJson(r);
      out(readinessText(r));
    },
  );
}
