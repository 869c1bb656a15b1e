import { Option, type Command } from 'commander';
import type { ApiRequestBody } from '../http/api-types.js';
import { apiClient } from '../cli/api-client.js';
import { CliError, EXIT_USAGE, oneOf } from '../cli/common.js';
import { apiCommand, incidentRef, severityArg, type Opts, type Severity } from './cli-args.js';
import { headline, roleHolders, type Incident } from './cli-view.js';
import { localTime, out, printJson } from '../cli/output.js';
import { resolveId } from '../cli/lookup.js';
import { USER_LOOKUP } from '../users/cli.js';

// Changes to one incident: lifecycle steps, severity, roles, notes.

const LIFECYCLE = [
  { name: 'ack', alias: 'acknowledge', path: 'acknowledge', stamp: 'acknowledged_at', done: 'Acknowledged', what: 'acknowledge: someone is on it' },
  { name: 'mitigate', path: 'mitigate', stamp: 'mitigated_at', done: 'Mitigated', what: 'mark mitigated: the impact has stopped' },
  { name: 'resolve', path: 'resolve', stamp: 'resolved_at', done: 'Resolved', what: 'mark resolved: the cause is fixed' },
  { name: 'close', path: 'close', stamp: 'closed_at', done: 'Closed', what: 'close: the post-mortem is done (final)' },
  { name: 'reopen', path: 'reopen', stamp: null, done: 'Reopened', what: 'reopen a resolved incident (back to triggered)' },
] as const;

type TransitionBody = ApiRequestBody<'/api/v1/incidents/{id}/acknowledge', 'post'>;
type SeverityBody = ApiRequestBody<'/api/v1/incidents/{id}/severity', 'post'>;
type RoleBody = ApiRequestBody<'/api/v1/incidents/{id}/roles', 'post'>;
type NoteBody = ApiRequestBody<'/api/v1/incidents/{id}/notes', 'post'>;

const ROLES = ['commander', 'technical_lead', 'communications_lead'] as const satisfies readonly RoleBody['role'][];

const incidentArg = (cmd: Command): Command => cmd.argument('<incident>', 'incident number (e.g. 42) or id', incidentRef);

/** Prints the incident the API answered with, as JSON or as its headline plus one line. */
function report(o: Opts, i: Incident, line: (i: Incident) => string): void {
  if (o.json) return printJson(i);
  out(headline(i));
  out(line(i));
}

function lifecycleCommands(incident: Command): void {
  for (const step of LIFECYCLE) {
    const cmd = incident.command(step.name).description(step.what);
    if ('alias' in step) cmd.alias(step.alias);
    apiCommand(incidentArg(cmd).option('--note <text>', 'a note for the timeline')).action(
      async (ref: string, o: Opts & { note?: string }) => {
        const body: TransitionBody = o.note ? { note: o.note } : {};
        const answer = await apiClient(o).post<Incident>(`/incidents/${ref}/${step.path}`, body);
        report(o, answer, (i) => (step.stamp ? `${step.done} at ${localTime(i[step.stamp])}.` : `${step.done}.`));
      },
    );
  }
}

// At 3 AM people type `severity 42 SEV-1` and `note 42 rolled back`: the value may come after the
// incident as well as in its option, given once.
function severityCommand(incident: Command): void {
  apiCommand(
    incidentArg(incident.command('severity').description('change the severity, with the reason'))
      .argument('[severity]', 'the new severity, SEV-1 to SEV-4 (or --to)', severityArg)
      .addOption(new Option('--to <SEV-N>', 'the new severity, SEV-1 to SEV-4').argParser(severityArg))
      .requiredOption('--reason <text>', 'why (kept on the timeline)')
      .addHelpText('after', '\nExamples:\n  tocsin incident severity 42 SEV-1 --reason "all regions affected"\n  tocsin incident severity 42 --to SEV-1 --reason "all regions affected"'),
  ).action(async (ref: string, given: Severity | undefined, o: Opts & { to?: Severity; reason: string }) => {
    if (given && o.to && given !== o.to) throw new CliError(`the new severity is given twice (${given} and --to ${o.to}); give it once`, EXIT_USAGE);
    const severity = given ?? o.to;
    if (!severity) throw new CliError('the new severity is missing: tocsin incident severity <incident> SEV-N --reason <text> (see tocsin incident severity --help)', EXIT_USAGE);
    const body: SeverityBody = { severity, reason: o.reason };
    const answer = await apiClient(o).post<Incident>(`/incidents/${ref}/severity`, body);
    report(o, answer, () => `Severity is now ${severity}.`);
  });
}

function assignCommand(incident: Command): void {
  apiCommand(
    incidentArg(incident.command('assign').description('assign a role, or hand it over'))
      .addOption(new Option('--role <role>', ROLES.join(', ')).makeOptionMandatory().argParser(oneOf(ROLES)))
      .requiredOption('--user <user>', 'the user taking the role: name, email or id')
      .addHelpText(
        'after',
        `
commander and communications_lead are one person each (assigning hands over); technical_lead may be several.
Example:
  tocsin incident assign 42 --role commander --user ada@example.com
  tocsin incident assign 42 --role technical_lead --user "Grace Hopper"`,
      ),
  ).action(async (ref: string, o: Opts & { role: RoleBody['role']; user: string }) => {
    const api = apiClient(o);
    const body: RoleBody = { role: o.role, user_id: await resolveId(api, o.user, { ...USER_LOOKUP, flag: '--user' }) };
    const answer = await api.post<Incident>(`/incidents/${ref}/roles`, body);
    report(o, answer, (i) => roleHolders(i, o.role));
  });
}

function noteCommand(incident: Command): void {
  apiCommand(
    incidentArg(incident.command('note').description('add a note to the timeline'))
      .argument('[text...]', 'the note (or --text)')
      .option('--text <text>', 'the note')
      .addHelpText('after', '\nExamples:\n  tocsin incident note 42 rolled back checkout to 4.1\n  tocsin incident note 42 --text "rolled back checkout to 4.1"'),
  ).action(async (ref: string, words: string[], o: Opts & { text?: string }) => {
    if (words.length > 0 && o.text !== undefined) throw new CliError('the note is given twice (as words and with --text); give it once', EXIT_USAGE);
    const text = o.text ?? words.join(' ');
    if (!text.trim()) throw new CliError('the note is missing: tocsin incident note <incident> <text> (see tocsin incident note --help)', EXIT_USAGE);
    const body: NoteBody = { text };
    const answer = await apiClient(o).post(`/incidents/${ref}/notes`, body);
    if (o.json) return printJson(answer);
    out(`Note added to incident ${decodeURIComponent(ref)}.`);
  });
}

export function incidentActionCommands(incident: Command): void {
  lifecycleCommands(incident);
  severityCommand(incident);
  assignCommand(incident);
  noteCommand(incident);
}
