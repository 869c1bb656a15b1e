import { Option, type Command } from 'commander';
import { apiClient } from './api-client.js';
import { oneOf } from './common.js';
import { apiCommand, incidentRef, severityArg, type Opts } from './incident-args.js';
import { headline, roleHolders, type Incident } from './incident-view.js';
import { localTime, out, printJson } from './output.js';

// Changes to one incident: lifecycle steps, severity, roles, notes.

const LIFECYCLE = [
  { name: 'ack', alias: 'acknowledge', path: 'acknowledge', stamp: 'acknowledged_at', done: 'Acknowledged', what: 'acknowledge: someone is on it' },
  { name: 'mitigate', path: 'mitigate', stamp: 'mitigated_at', done: 'Mitigated', what: 'mark mitigated: the impact has stopped' },
  { name: 'resolve', path: 'resolve', stamp: 'resolved_at', done: 'Resolved', what: 'mark resolved: the cause is fixed' },
  { name: 'close', path: 'close', stamp: 'closed_at', done: 'Closed', what: 'close: the post-mortem is done (final)' },
  { name: 'reopen', path: 'reopen', stamp: null, done: 'Reopened', what: 'reopen a resolved incident (back to triggered)' },
] as const;

const ROLES = ['commander', 'technical_lead', 'communications_lead'] as const;

const incidentArg = (cmd: Command): Command => cmd.argument('<incident>', 'incident number (e.g. 42) or id', incidentRef);

/** Prints the incident the API answered with, as JSON or as its headline plus one line. */
function report(o: Opts, answer: unknown, line: (i: Incident) => string): void {
  if (o.json) return printJson(answer);
  const i = answer as Incident | null;
  if (i && typeof i === 'object' && 'number' in i) {
    out(headline(i));
    out(line(i));
  } else out('Done.');
}

function lifecycleCommands(incident: Command): void {
  for (const step of LIFECYCLE) {
    const cmd = incident.command(step.name).description(step.what);
    if ('alias' in step) cmd.alias(step.alias);
    apiCommand(incidentArg(cmd).option('--note <text>', 'a note for the timeline')).action(
      async (ref: string, o: Opts & { note?: string }) => {
        const body = o.note ? { note: o.note } : {};
        const answer = await apiClient(o).post(`/incidents/${ref}/${step.path}`, body);
        report(o, answer, (i) => (step.stamp ? `${step.done} at ${localTime(i[step.stamp])}.` : `${step.done}.`));
      },
    );
  }
}

function severityCommand(incident: Command): void {
  apiCommand(
    incidentArg(incident.command('severity').description('change the severity, with the reason'))
      .addOption(new Option('--to <SEV-N>', 'the new severity, SEV-1 to SEV-4').makeOptionMandatory().argParser(severityArg))
      .requiredOption('--reason <text>', 'why (kept on the timeline)')
      .addHelpText('after', '\nExample:\n  tocsin incident severity 42 --to SEV-1 --reason "all regions affected"'),
  ).action(async (ref: string, o: Opts & { to: string; reason: string }) => {
    const answer = await apiClient(o).post(`/incidents/${ref}/severity`, { severity: o.to, reason: o.reason });
    report(o, answer, () => `Severity is now ${o.to}.`);
  });
}

function assignCommand(incident: Command): void {
  apiCommand(
    incidentArg(incident.command('assign').description('assign a role, or hand it over'))
      .addOption(new Option('--role <role>', ROLES.join(', ')).makeOptionMandatory().argParser(oneOf(ROLES)))
      .requiredOption('--user <user-id>', 'the user taking the role')
      .addHelpText(
        'after',
        `
commander and communications_lead are one person each (assigning hands over); technical_lead may be several.
Example:
  tocsin incident assign 42 --role commander --user usr_...`,
      ),
  ).action(async (ref: string, o: Opts & { role: string; user: string }) => {
    const answer = await apiClient(o).post(`/incidents/${ref}/roles`, { role: o.role, user_id: o.user });
    report(o, answer, (i) => roleHolders(i, o.role));
  });
}

function noteCommand(incident: Command): void {
  apiCommand(
    incidentArg(incident.command('note').description('add a note to the timeline')).requiredOption('--text <text>', 'the note'),
  ).action(async (ref: string, o: Opts & { text: string }) => {
    const answer = await apiClient(o).post(`/incidents/${ref}/notes`, { text: o.text });
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
