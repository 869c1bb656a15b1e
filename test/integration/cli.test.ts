import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { freePort } from '../support/net.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { TOCSIN } from '../support/cli-entry.js';

// The `tocsin` command as people run it: a real child process, from source (no build needed).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = TOCSIN;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without any TOCSIN_* the developer has set, so tests see only their own. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TOCSIN_')) env[k] = v;
  return { ...env, ...extra };
}

/** `input`: what is piped to stdin (default: nothing, then end of file); `null`: stdin is /dev/null. */
function tocsin(args: string[], env: Record<string, string> = {}, input?: string | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ENTRY, ...args], {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: [input === null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(input ?? '');
  });
}

/**
 * The command on a real terminal (a pseudo-terminal from util-linux `script`): `answers` are
 * typed one at a time, each after the prompt that asks for it has appeared.
 */
function tocsinOnTerminal(args: string[], env: Record<string, string>, answers: { after: RegExp; type: string }[]): Promise<Run> {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const line = [process.execPath, ...ENTRY, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', line, '/dev/null'], { cwd: ROOT, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    let next = 0;
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const answer = answers[next];
      if (answer && answer.after.test(stdout)) {
        next++;
        // Typed after the prompt, as a person would (before raw mode the terminal would echo it).
        setTimeout(() => child.stdin.write(answer.type), 200);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;


async function waitForReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`tocsin serve exited with ${server.exitCode}: ${log()}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tocsin serve was not ready within 30 s: ${log()}`);
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));

/** An expected failure: exit status, nothing on stdout, exactly one line on stderr. */
function expectOneLine(run: Run, code: number, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^tocsin: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
}

describe('tocsin command (no database needed)', () => {
  it('has --help on every command and subcommand', () => {
    const walk = (cmd: ReturnType<typeof buildProgram>): string[] => [
      cmd.helpInformation(),
      ...cmd.commands.flatMap(walk),
    ];
    const helps = walk(buildProgram());
    expect(helps.length).toBeGreaterThan(15);
    for (const help of helps) expect(help).toMatch(/^Usage: tocsin/);
  });

  it('prints help to stdout and exits 0', async () => {
    const root = await tocsin(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('incident');
    const declare = await tocsin(['incident', 'declare', '--help']);
    expect(declare.code).toBe(0);
    expect(declare.stdout).toMatch(/--severity <SEV-N>/);
  });

  it('stops quietly when its reader closes the pipe early (tocsin --help | head -1)', async () => {
    const child = spawn(process.execPath, [...TOCSIN, '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited(child)).toBe(0);
    expect(stderr).toBe('');
  });

  it('refuses an unknown command or a missing required flag with one line and exit 2', async () => {
    expectOneLine(await tocsin(['incdent', 'list']), 2, /unknown command 'incdent'/);
    expectOneLine(await tocsin(['incident', 'declare', '--title', 'x']), 2, /required option '--severity/);
  });

  it('names TOCSIN_DATABASE_URL when it is wrong, exit 2', async () => {
    const env = { TOCSIN_DATABASE_URL: 'mysql://nowhere/x' };
    expectOneLine(await tocsin(['migrate'], env), 2, /TOCSIN_DATABASE_URL/);
    expectOneLine(await tocsin(['user', 'create', '--email', 'a@b.co', '--name', 'A', '--role', 'owner'], env), 2, /TOCSIN_DATABASE_URL/);
    expectOneLine(await tocsin(['token', 'create', '--user', 'a@b.co', '--name', 't'], env), 2, /TOCSIN_DATABASE_URL/);
  });

  it('says so in one line when the server is unreachable, exit 1', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await tocsin(['incident', 'list'], { TOCSIN_URL: url, TOCSIN_TOKEN: 'tocsin_x' });
    expectOneLine(run, 1, new RegExp(`^tocsin: cannot reach Tocsin at ${url}: .*ECONNREFUSED`));
  });

  it('--password-stdin with no terminal and nothing piped says how to give the password, exit 2', async () => {
    const args = ['user', 'create', '--email', 'ada@example.com', '--name', 'Ada', '--role', 'owner', '--password-stdin'];
    const env = { TOCSIN_DATABASE_URL: 'sqlite:/nonexistent/never-opened.db' };
    for (const input of [null, '', '\n']) {
      expectOneLine(await tocsin(args, env, input), 2, /--password-stdin: stdin is not a terminal and nothing was piped in; pipe it in, e\.g\. .*or run the command in a terminal/);
    }
  });

  it('asks for TOCSIN_TOKEN or --token when there is none', async () => {
    expectOneLine(await tocsin(['incident', 'list']), 2, /set TOCSIN_TOKEN or pass --token/);
  });
});

for (const dialect of DIALECTS) {
  describe(`tocsin command [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ChildProcess | undefined;
    let serverLog = '';
    const env: Record<string, string> = { TOCSIN_LOG_LEVEL: 'warn' };
    const api = (args: string[]) => tocsin(args, env);

    beforeAll(async () => {
      fresh = await freshDatabase(dialect, { migrate: false });
      env.TOCSIN_DATABASE_URL = fresh.url;
    });
    afterAll(async () => {
      if (server && server.exitCode === null) {
        server.kill('SIGKILL');
        await exited(server);
      }
      await fresh?.drop();
    });

    it('migrate applies every migration and lists them; a second run changes nothing', async () => {
      const first = await api(['migrate']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/Applied \d+ migrations? to the (sqlite|postgres) database/);
      expect(first.stdout).toContain('0001_core');
      const again = await api(['migrate', '--json']);
      expect(again.code, again.stderr).toBe(0);
      const state = JSON.parse(again.stdout) as { applied: string[]; migrations: { name: string; applied_at: string | null }[] };
      expect(state.applied).toEqual([]);
      expect(state.migrations.map((m) => m.name)).toContain('0001_core');
      for (const m of state.migrations) expect(Date.parse(m.applied_at ?? '')).not.toBeNaN();
    });

    it('user create, then token create prints only the token', async () => {
      const created = await tocsin(
        ['user', 'create', '--email', 'Ada@Example.com', '--name', 'Ada Lovelace', '--role', 'owner', '--time-zone', 'Europe/London', '--password-stdin', '--json'],
        env,
        'correct horse battery staple\n',
      );
      expect(created.code, created.stderr).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', role: 'owner', time_zone: 'Europe/London' });
      const human = await api(['user', 'create', '--email', 'grace@example.com', '--name', 'Grace', '--role', 'responder']);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toContain('Created user Grace <grace@example.com>');
      expectOneLine(await api(['user', 'create', '--email', 'grace@example.com', '--name', 'G', '--role', 'viewer']), 1, /already exists/);
      expectOneLine(await api(['user', 'create', '--email', 'not-an-address', '--name', 'G', '--role', 'viewer']), 2, /--email/);

      const token = await api(['token', 'create', '--user', 'ada@example.com', '--name', 'cli test']);
      expect(token.code, token.stderr).toBe(0);
      expect(token.stderr).toBe('');
      expect(token.stdout).toMatch(/^tocsin_[A-Za-z0-9_-]{20,}\n$/);
      env.TOCSIN_TOKEN = token.stdout.trim();
      expectOneLine(await api(['token', 'create', '--user', 'nobody@example.com', '--name', 'x']), 1, /no user with email nobody@example.com/);
    }, 60_000);

    it.skipIf(!HAS_SCRIPT)('--password-stdin on a terminal asks twice without echo (util-linux script gives the terminal)', async () => {
      const args = ['user', 'create', '--email', 'linus@example.com', '--name', 'Linus', '--role', 'responder', '--password-stdin'];
      const typed = await tocsinOnTerminal(args, env, [
        { after: /Password: $/, type: 'hunter2-hunter2\r' },
        { after: /Password \(again\): $/, type: 'hunter2-hunter2\r' },
      ]);
      expect(typed.code, typed.stdout).toBe(0);
      expect(typed.stdout).toContain('Created user Linus <linus@example.com>');
      expect(typed.stdout).not.toContain('hunter2');
      const differ = await tocsinOnTerminal(['user', 'create', '--email', 'ken@example.com', '--name', 'Ken', '--role', 'viewer', '--password-stdin'], env, [
        { after: /Password: $/, type: 'first-password\r' },
        { after: /Password \(again\): $/, type: 'other-password\r' },
      ]);
      expect(differ.code).toBe(2);
      expect(differ.stdout).toMatch(/tocsin: --password-stdin: the two passwords differ/);
      expect(differ.stdout).not.toMatch(/first-password|other-password/);
    }, 60_000);

    it('serve starts on the configured port with that database', async () => {
      const port = await freePort();
      env.TOCSIN_URL = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, [...ENTRY, 'serve'], {
        cwd: ROOT,
        env: cleanEnv({ ...env, TOCSIN_PORT: String(port), TOCSIN_HOST: '127.0.0.1' }),
      });
      server.stdout?.on('data', (d: Buffer) => (serverLog += d.toString()));
      server.stderr?.on('data', (d: Buffer) => (serverLog += d.toString()));
      await waitForReady(env.TOCSIN_URL, server, () => serverLog);
    });

    it('declares, lists and works an incident through its lifecycle', async () => {
      const declared = await api(['incident', 'declare', '--title', 'Checkout returns 502', '--severity', 'SEV-2', '--source', 'customer', '--hypothesis', 'bad deploy', '--json']);
      expect(declared.code, declared.stderr).toBe(0);
      const incident = JSON.parse(declared.stdout) as { id: string; number: number; status: string };
      expect(incident).toMatchObject({ severity: 'SEV-2', status: 'triggered', detection_source: 'customer' });
      const n = String(incident.number);

      const list = await api(['incident', 'list', '--json', '--status', 'triggered', '--severity', 'SEV-2']);
      expect(list.code, list.stderr).toBe(0);
      expect((JSON.parse(list.stdout) as { items: { id: string }[] }).items.map((i) => i.id)).toContain(incident.id);
      const table = await api(['incident', 'list']);
      // No service, so no escalation policy: the list says nobody was paged (as the web list does).
      expect(table.stdout).toMatch(new RegExp(`#${n}\\s+SEV-2 major\\s+triggered\\s+Checkout returns 502\\s.*\\s! Nobody paged`));
      expect(table.stdout.split('\n')[0]).toMatch(/SERVICES\s+PAGING$/);

      for (const [cmd, status] of [['ack', 'acknowledged'], ['mitigate', 'mitigated'], ['resolve', 'resolved'], ['close', 'closed']] as const) {
        if (cmd === 'mitigate') {
          const note = await api(['incident', 'note', n, '--text', 'rolled back the deploy']);
          expect(note.code, note.stderr).toBe(0);
          const sev = await api(['incident', 'severity', n, '--to', 'SEV-1', '--reason', 'all regions']);
          expect(sev.code, sev.stderr).toBe(0);
        }
        const step = await api(['incident', cmd, n, '--note', `${cmd} by the cli`, '--json']);
        expect(step.code, step.stderr).toBe(0);
        expect(JSON.parse(step.stdout)).toMatchObject({ id: incident.id, status });
      }

      const show = await api(['incident', 'show', n, '--json']);
      expect(show.code, show.stderr).toBe(0);
      const shown = JSON.parse(show.stdout) as Record<string, unknown> & { timeline: { kind: string }[] };
      expect(shown).toMatchObject({ id: incident.id, status: 'closed', severity: 'SEV-1' });
      for (const stamp of ['detected_at', 'acknowledged_at', 'mitigated_at', 'resolved_at', 'closed_at']) {
        expect(Date.parse(String(shown[stamp])), stamp).not.toBeNaN();
      }
      const kinds = shown.timeline.map((e) => e.kind);
      for (const kind of ['declared', 'acknowledged', 'note', 'severity_changed', 'mitigated', 'resolved', 'closed']) expect(kinds).toContain(kind);

      const human = await api(['incident', 'show', n]);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toContain('SEV-1 critical closed: Checkout returns 502');
      expect(human.stdout).toContain('rolled back the deploy');
    }, 120_000);

    it("shows a title's control characters as \\xNN instead of letting them act on the terminal; --json keeps them", async () => {
      // What a sender with a routing key could put in an alert's summary: write the clipboard (OSC 52), clear the screen.
      const title = 'Disk full \u001b]52;c;cHduZWQ=\u0007 \u001b[2J';
      const declared = await api(['incident', 'declare', '--title', title, '--severity', 'SEV-3', '--json']);
      expect(declared.code, declared.stderr).toBe(0);
      const n = String((JSON.parse(declared.stdout) as { number: number }).number);
      for (const args of [['incident', 'list'], ['incident', 'show', n]]) {
        const shown = await api(args);
        expect(shown.code, shown.stderr).toBe(0);
        expect([...shown.stdout].filter((c) => c < ' ' && c !== '\n')).toEqual([]);
        expect(shown.stdout, args.join(' ')).toContain('Disk full \\x1b]52;c;cHduZWQ=\\x07 \\x1b[2J');
      }
      expect((JSON.parse((await api(['incident', 'show', n, '--json'])).stdout) as { title: string }).title).toBe(title);
    });

    it('takes a note as words and the new severity after the incident, and refuses them given twice or not at all', async () => {
      const declared = await api(['incident', 'declare', '--title', 'Search is slow', '--severity', 'SEV-3', '--json']);
      expect(declared.code, declared.stderr).toBe(0);
      const n = String((JSON.parse(declared.stdout) as { number: number }).number);
      const timeline = async () => (JSON.parse((await api(['incident', 'show', n, '--json'])).stdout) as { severity: string; timeline: { kind: string; data: Record<string, unknown> }[] });

      expectOneLine(await api(['incident', 'note', n, 'twice', '--text', 'over']), 2, /the note is given twice/);
      expectOneLine(await api(['incident', 'note', n]), 2, /the note is missing/);
      expectOneLine(await api(['incident', 'severity', n, 'SEV-1', '--to', 'SEV-2', '--reason', 'x']), 2, /given twice \(SEV-1 and --to SEV-2\)/);
      expectOneLine(await api(['incident', 'severity', n, '--reason', 'x']), 2, /the new severity is missing/);
      expectOneLine(await api(['incident', 'severity', n, 'SEV-9', '--reason', 'x']), 2, /'SEV-9' is invalid for argument 'severity'/);
      const untouched = await timeline();
      expect(untouched.severity).toBe('SEV-3');
      expect(untouched.timeline.map((e) => e.kind)).toEqual(['declared']);

      const note = await api(['incident', 'note', n, 'reindexing', 'the', 'catalog']);
      expect(note.code, note.stderr).toBe(0);
      const sev = await api(['incident', 'severity', `#${n}`, 'sev2', '--reason', 'checkout uses search']);
      expect(sev.code, sev.stderr).toBe(0);
      expect(sev.stdout).toContain('Severity is now SEV-2.');
      const after = await timeline();
      expect(after.severity).toBe('SEV-2');
      expect(after.timeline.find((e) => e.kind === 'note')?.data).toMatchObject({ text: 'reindexing the catalog' });
    });

    it('names services and people by name or email, and lists services, teams and users', async () => {
      const post = async (path: string, body: unknown): Promise<{ id: string }> => {
        const res = await fetch(`${env.TOCSIN_URL}/api/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${env.TOCSIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status, await res.clone().text()).toBe(201);
        return (await res.json()) as { id: string };
      };
      const checkout = await post('/services', { name: 'Checkout' });
      await post('/services', { name: 'Checkout API' });
      const payments = await post('/services', { name: 'Payments' });
      await post('/teams', { name: 'Platform', description: 'runs the servers' });
      await post('/users', { email: 'grace.hopper@example.com', name: 'Grace Hopper', role: 'responder' });
      const users = JSON.parse((await api(['user', 'list', '--json'])).stdout) as { items: { id: string; email: string }[] };
      const idOf = (email: string) => users.items.find((u) => u.email === email)?.id;

      // An exact name wins over a longer one it is part of; ids and emails still work.
      const declared = await api(['incident', 'declare', '--title', 'Pay fails', '--severity', '2', '--service', 'checkout', '--service', payments.id, '--commander', 'ADA@example.com', '--json']);
      expect(declared.code, declared.stderr).toBe(0);
      const inc = JSON.parse(declared.stdout) as { number: number; services: { id: string }[]; roles: { commander: { id: string } | null } };
      expect(inc.services.map((x) => x.id).sort()).toEqual([checkout.id, payments.id].sort());
      expect(inc.roles.commander?.id).toBe(idOf('ada@example.com'));
      const n = String(inc.number);

      const lead = await api(['incident', 'assign', n, '--role', 'technical_lead', '--user', 'grace', '--json']);
      expect(lead.code, lead.stderr).toBe(0);
      expect((JSON.parse(lead.stdout) as { roles: { technical_leads: { id: string }[] } }).roles.technical_leads.map((u) => u.id)).toEqual([idOf('grace@example.com')]);
      const byEmail = await api(['incident', 'assign', n, '--role', 'communications_lead', '--user', 'Grace.Hopper@example.com']);
      expect(byEmail.code, byEmail.stderr).toBe(0);
      expect(byEmail.stdout).toContain('communications lead: Grace Hopper');
      const byId = await api(['incident', 'assign', n, '--role', 'commander', '--user', idOf('grace@example.com')!]);
      expect(byId.code, byId.stderr).toBe(0);

      // Several matches name the candidates; none names the flag. Nothing is declared.
      expectOneLine(await api(['incident', 'declare', '--title', 'x', '--severity', '3', '--service', 'check']), 2, /^tocsin: option '--service': "check" matches 2 services: Checkout \(svc_\w+\), Checkout API \(svc_\w+\)/);
      expectOneLine(await api(['incident', 'declare', '--title', 'x', '--severity', '3', '--service', 'billing']), 2, /^tocsin: option '--service': no service matches "billing"/);
      expectOneLine(await api(['incident', 'declare', '--title', 'x', '--severity', '3', '--commander', 'gra']), 2, /^tocsin: option '--commander': "gra" matches 2 users: Grace <grace@example\.com>.*Grace Hopper <grace\.hopper@example\.com>/);
      expectOneLine(await api(['incident', 'assign', n, '--role', 'commander', '--user', 'nobody@example.com']), 2, /^tocsin: option '--user': no user matches "nobody@example\.com"/);
      const after = JSON.parse((await api(['incident', 'list', '--json', '--q', 'x'])).stdout) as { items: unknown[] };
      expect(after.items).toEqual([]);

      const services = await api(['service', 'list']);
      expect(services.code, services.stderr).toBe(0);
      expect(services.stdout).toMatch(/^NAME\s+ID\s+OWNER TEAM\s+RUNBOOK\s+UPDATED\n/);
      expect(services.stdout).toMatch(new RegExp(`Checkout\\s+${checkout.id}`));
      const page = JSON.parse((await api(['service', 'list', '--json', '--limit', '2'])).stdout) as { items: { name: string }[]; next_cursor: string | null };
      expect(page.items.map((x) => x.name)).toEqual(['Checkout', 'Checkout API']);
      expect(page.next_cursor).toBeTruthy();
      const rest = await api(['service', 'list', '--cursor', page.next_cursor!]);
      expect(rest.stdout).toContain('Payments');
      expect(rest.stdout).not.toContain('Checkout');
      expect((await api(['service', 'list', '--q', 'nothing-like-it'])).stdout).toBe('No services match.\n');
      const teams = await api(['team', 'list', '--q', 'plat']);
      expect(teams.code, teams.stderr).toBe(0);
      expect(teams.stdout).toMatch(/Platform\s+team_\w+\s+0\s+runs the servers/);
      const people = await api(['user', 'list', '--q', 'grace']);
      expect(people.code, people.stderr).toBe(0);
      // Grace has no contact method yet: the list says a page would not reach her, and why.
      expect(people.stdout).toMatch(/Grace\s+grace@example\.com\s+responder\s+usr_\w+\s+active\s+! no: No verified contact method/);
      expect(people.stdout.split('\n')[0]).toMatch(/STATUS\s+HIGH-URGENCY PAGE$/);
      expect(people.stdout).toMatch(/Grace Hopper\s+grace\.hopper@example\.com/);
      expect(people.stdout).not.toContain('Ada');
      expectOneLine(await api(['user', 'list', '--limit', '0']), 2, /--limit/);
    }, 120_000);

    it('creates a team and a service from the shell, and refuses a duplicate or an unknown name without creating anything', async () => {
      const team = await api(['team', 'create', '--name', 'Storage', '--description', 'disks and backups', '--member', 'ada@example.com', '--json']);
      expect(team.code, team.stderr).toBe(0);
      const t = JSON.parse(team.stdout) as { id: string; name: string; member_ids: string[] };
      expect(t).toMatchObject({ name: 'Storage', description: 'disks and backups' });
      expect(t.member_ids).toHaveLength(1);
      const made = await api(['service', 'create', '--name', 'Backups', '--team', 'storage', '--runbook', 'https://wiki.example.com/backups']);
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/^Created service Backups\.\n/);
      expect(made.stdout).toContain('owner team  Storage\n');

      expectOneLine(await api(['team', 'create', '--name', 'STORAGE']), 1, /already exists/);
      expectOneLine(await api(['team', 'create', '--name', 'Ghosts', '--member', 'nobody@example.com']), 2, /--member.*nobody@example\.com/);
      expectOneLine(await api(['service', 'create', '--name', 'Tapes', '--team', 'Nope']), 2, /--team.*"Nope"/);
      expectOneLine(await api(['service', 'create', '--name', 'Tapes', '--runbook', 'ftp://tapes']), 1, /runbook_url must be an http\(s\) URL/);
      expectOneLine(await api(['service', 'create']), 2, /required option '--name/);
      const services = JSON.parse((await api(['service', 'list', '--json'])).stdout) as { items: { name: string; owner_team_id: string | null }[] };
      expect(services.items.filter((s) => ['Backups', 'Tapes'].includes(s.name))).toEqual([expect.objectContaining({ name: 'Backups', owner_team_id: t.id })]);
      // The table names the owning team, as it was typed; --json keeps the API's id.
      const table = await api(['service', 'list', '--q', 'backups']);
      expect(table.stdout.split('\n').find((l) => l.startsWith('Backups'))).toMatch(/^Backups\s+svc_\S+\s+Storage\s+https:\/\/wiki\.example\.com\/backups/);
      const teams = JSON.parse((await api(['team', 'list', '--json'])).stdout) as { items: { name: string }[] };
      expect(teams.items.map((x) => x.name).filter((x) => ['Storage', 'Ghosts'].includes(x))).toEqual(['Storage']);

      const key = await api(['integration-key', 'create', '--service', 'Backups', '--type', 'pagerduty', '--json']);
      expect(key.code, key.stderr).toBe(0);
    });

    it('changes a service (team, runbook, experts, dependencies) and removes one only when confirmed', async () => {
      const show = async (name: string) => (JSON.parse((await api(['service', 'list', '--q', name, '--json'])).stdout) as { items: { name: string; owner_team_id: string | null; runbook_url: string | null; expert_ids: string[]; dependency_ids: string[] }[] }).items;
      expect((await api(['service', 'create', '--name', 'Ledger'])).code).toBe(0);
      expectOneLine(await api(['service', 'edit', 'Backups']), 2, /nothing to change/);
      expectOneLine(await api(['service', 'edit', 'Backups', '--runbook', 'https://wiki.example.com/b', '--expert', 'nobody@example.com']), 2, /--expert.*nobody@example\.com/);
      expectOneLine(await api(['service', 'edit', 'Backups', '--depends-on', 'Backups']), 1, /cycle|itself/i);
      expect((await show('backups'))[0]!.runbook_url).toBe('https://wiki.example.com/backups');

      const changed = await api(['service', 'edit', 'backups', '--no-team', '--no-runbook', '--expert', 'ada@example.com', '--depends-on', 'ledger']);
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stdout).toMatch(/^Changed service Backups\.\n/);
      expect(changed.stdout).toContain('owner team  -\n');
      const [backups] = await show('backups');
      expect(backups).toMatchObject({ owner_team_id: null, runbook_url: null, expert_ids: [expect.stringMatching(/^usr_/)], dependency_ids: [expect.stringMatching(/^svc_/)] });
      expect((await api(['service', 'edit', 'Backups', '--team', 'Storage'])).stdout).toContain('owner team  Storage\n');

      // A dependency is not removed by accident, and the answer says what removing deletes.
      expectOneLine(await api(['service', 'remove', 'Ledger']), 2, /--yes: removing Ledger .* deletes its integration keys/);
      expect(await show('ledger')).toHaveLength(1);
      const removed = await api(['service', 'remove', 'Ledger', '--yes']);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toBe('Removed service Ledger.\n');
      expect(await show('ledger')).toEqual([]);
      expect((await show('backups'))[0]!.dependency_ids).toEqual([]);
    });

    it('makes an escalation policy from tiers and sets it on a service; a name that matches nothing makes nothing', async () => {
      const policies = async () => (JSON.parse((await api(['policy', 'list', '--json'])).stdout) as { items: { name: string }[] }).items.map((p) => p.name);
      const before = await policies();
      expectOneLine(await api(['policy', 'create', '--name', 'Backups on-call', '--tier', '0: user:nobody@example.com', '--service', 'Backups']), 2, /--tier.*nobody@example\.com/);
      expectOneLine(await api(['policy', 'create', '--name', 'Backups on-call', '--tier', '0: user:ada@example.com', '--service', 'Tapes']), 2, /--service.*"Tapes"/);
      expectOneLine(await api(['policy', 'create', '--name', 'Backups on-call']), 2, /give the policy its tiers/);
      expectOneLine(await api(['policy', 'create', '--name', 'Backups on-call', '--tier', 'later: commander']), 2, /is not a tier/);
      expectOneLine(await api(['policy', 'create', '--name', 'Backups on-call', '--tier', '5: commander', '--tier', '0: team:Storage']), 1, /delays never go down/);
      expect(await policies()).toEqual(before);

      const made = await api(['policy', 'create', '--name', 'Backups on-call', '--service', 'Backups', '--repeat', '2', '--tier', '0: user:ada@example.com', '--tier', '5: team:Storage', '--tier', '15 SEV-1: commander']);
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/^Created escalation policy Backups on-call\.\n/);
      expect(made.stdout).toContain('used by  Backups\n');
      const reach = await api(['oncall', '--service', 'Backups', '--json']);
      expect(reach.code, reach.stderr).toBe(0);
      const r = JSON.parse(reach.stdout) as { policy: { name: string }; tiers: { delay_minutes: number; severities: string[] | null; targets: { kind: string }[] }[] };
      expect(r.policy.name).toBe('Backups on-call');
      expect(r.tiers.map((t) => [t.delay_minutes, t.severities, t.targets.map((x) => x.kind)])).toEqual([
        [0, null, ['user']],
        [5, null, ['team']],
        [15, ['SEV-1'], ['incident_commander']],
      ]);
    });

    it('changes a policy (new tiers replace all), names the services it escalates, and removes it only when confirmed', async () => {
      const show = async () => JSON.parse((await api(['policy', 'show', 'Backups on-call', '--json'])).stdout) as { repeat_count: number; tiers: { delay_minutes: number }[]; services: { name: string }[] };
      const listed = await api(['policy', 'list', '--q', 'backups']);
      expect(listed.stdout.split('\n').find((l) => l.startsWith('Backups on-call'))).toMatch(/\s3\s+2\s+Backups$/);

      expectOneLine(await api(['policy', 'edit', 'Backups on-call']), 2, /nothing to change/);
      expectOneLine(await api(['policy', 'edit', 'Backups on-call', '--repeat', '0', '--tier', '0: team:Nobody here']), 2, /--tier.*"Nobody here"/);
      expectOneLine(await api(['policy', 'edit', 'No such policy', '--repeat', '0']), 2, /<policy>.*"No such policy"/);
      expect((await show()).repeat_count).toBe(2);

      const changed = await api(['policy', 'edit', 'Backups on-call', '--repeat', '0', '--tier', '0: team:Storage', '--tier', '10: commander']);
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stdout).toMatch(/^Changed escalation policy Backups on-call\.\n/);
      expect(await show()).toMatchObject({ repeat_count: 0, tiers: [{ delay_minutes: 0 }, { delay_minutes: 10 }], services: [{ name: 'Backups' }] });

      // Without --yes it says what removing it would leave unpaged, and removes nothing.
      expectOneLine(await api(['policy', 'remove', 'Backups on-call']), 2, /--yes: removing Backups on-call .* leaves Backups without an escalation policy/);
      expect((await show()).services).toEqual([{ id: expect.stringMatching(/^svc_/), name: 'Backups' }]);
      const removed = await api(['policy', 'remove', 'Backups on-call', '--yes']);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toBe('Removed escalation policy Backups on-call. Backups now has no escalation policy: new incidents there page nobody until one is set.\n');
      const reach = JSON.parse((await api(['oncall', '--service', 'Backups', '--json'])).stdout) as { policy: unknown };
      expect(reach.policy).toBeNull();
    });

    it('refuses bad flags and values with exit 2, before calling the API', async () => {
      expectOneLine(await api(['incident', 'declare', '--title', 'x', '--sevrity', 'SEV-1']), 2, /unknown option '--sevrity'.*tocsin incident declare --help/);
      expectOneLine(await api(['incident', 'declare', '--title', 'x', '--severity', 'SEV-9']), 2, /option '--severity <SEV-N>' argument 'SEV-9' is invalid/);
      expectOneLine(await api(['incident', 'assign', '1', '--role', 'boss', '--user', 'u']), 2, /--role/);
    });

    it('reports API problems as `tocsin: <detail>` with exit 1', async () => {
      expectOneLine(await api(['incident', 'show', '999999']), 1, /^tocsin: .*not found/i);
      expectOneLine(await api(['incident', 'reopen', '1']), 1, /^tocsin: .*closed/i);
      expectOneLine(await tocsin(['incident', 'list'], { ...env, TOCSIN_TOKEN: 'tocsin_wrong' }), 1, /TOCSIN_TOKEN/);
    });

    it('serve stops cleanly on SIGTERM', async () => {
      expect(server?.exitCode).toBeNull();
      server!.kill('SIGTERM');
      expect(await exited(server!)).toBe(0);
    });
  });
}
