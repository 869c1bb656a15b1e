import type { Command } from 'commander';
import { apiClient, withApi, type Api, type ApiOptions } from './api-client.js';
import { CliError, EXIT_USAGE, intInRange, withJson, type JsonOption } from './common.js';
import { dim, out, printJson, table } from './output.js';

// Naming things by what people call them: a service by its name, a user by name or email.
// The lists the API offers (`GET /api/v1/<things>?q=` → `{ items, next_cursor }`, `q` a
// case-insensitive search in the name) are all this needs.

export interface Named {
  id: string;
  name: string;
  email?: string;
}

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Lookup {
  /** The list path under /api/v1, e.g. `/users`. */
  path: string;
  /** The flag the value came from, named in every complaint, e.g. `--user`. */
  flag: string;
  /** What an id looks like (`usr_`): such a value is taken as it is. */
  idPrefix: string;
  noun: string;
}

const PAGE = 200;
const same = (a: string, b: string | undefined): boolean => b !== undefined && a.toLowerCase() === b.toLowerCase();
const label = (n: Named): string => (n.email ? `${n.name} <${n.email}> (${n.id})` : `${n.name} (${n.id})`);

/** Every item of a list, following next_cursor (q narrows it when given). */
async function all(api: Api, path: string, q?: string): Promise<Named[]> {
  const items: Named[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<Named>>(path, { q, limit: PAGE, cursor });
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

/** Names by id of everything a list holds (e.g. every team), for showing names where an answer gives ids. */
export async function namesById(api: Api, path: string): Promise<Map<string, string>> {
  return new Map((await all(api, path)).map((n) => [n.id, n.name]));
}

/**
 * The one matching the value: an id as it is; otherwise an exact (case-insensitive) name or
 * email wins, else the only partial name match (never for an email address). None, or several, stop the command (exit 2)
 * with one line naming the flag or the candidates.
 */
export function pickOne(raw: string, candidates: Named[], what: Lookup): Named {
  const exact = candidates.filter((c) => same(raw, c.name) || same(raw, c.email));
  // An email address is never a partial match: it is someone's, or no one's.
  const hits = exact.length || raw.includes('@') ? exact : candidates;
  if (hits.length === 1 && hits[0]) return hits[0];
  if (!hits.length) throw new CliError(`option '${what.flag}': no ${what.noun} matches "${raw}"`, EXIT_USAGE);
  const shown = hits.slice(0, 5).map(label).join(', ');
  const more = hits.length > 5 ? ` and ${hits.length - 5} more` : '';
  throw new CliError(`option '${what.flag}': "${raw}" matches ${hits.length} ${what.noun}s: ${shown}${more}; give the id or the exact name`, EXIT_USAGE);
}

/** A value of `what.flag` checked for emptiness; null when it is an id, taken as it is. */
function nameToLook(raw: string, what: Lookup): string | null {
  const value = raw.trim();
  if (!value) throw new CliError(`option '${what.flag}': give a ${what.noun} id or name`, EXIT_USAGE);
  return value.startsWith(what.idPrefix) && !/\s/.test(value) ? null : value;
}

/** The one a name or (users) an email address names: the API searches names only, so an email is looked for in the whole list. */
async function byName(api: Api, value: string, what: Lookup): Promise<Named> {
  return pickOne(value, await all(api, what.path, value.includes('@') ? undefined : value), what);
}

/** The id for a value of `what.flag`: an id, a name, or (users) an email address. */
export async function resolveId(api: Api, raw: string, what: Lookup): Promise<string> {
  const value = nameToLook(raw, what);
  return value === null ? raw.trim() : (await byName(api, value, what)).id;
}

/** The ids for several values of `what.flag`, in order (the first that matches nothing stops the command). */
export async function resolveIds(api: Api, raws: readonly string[], what: Lookup): Promise<string[]> {
  const ids: string[] = [];
  for (const raw of raws) ids.push(await resolveId(api, raw, what));
  return ids;
}

/** Like resolveId, with the name too, for answers that show it (an id is read from `path/id`). */
export async function resolveNamed(api: Api, raw: string, what: Lookup): Promise<Named> {
  const value = nameToLook(raw, what);
  return value === null ? api.get<Named>(`${what.path}/${encodeURIComponent(raw.trim())}`) : byName(api, value, what);
}

export interface ListCommandSpec<T> {
  /** `tocsin <noun> list`: the parent command. */
  parent: Command;
  path: string;
  plural: string;
  headers: string[];
  /** `names`: the names by id from `namesFrom` (e.g. the teams), for columns the API gives as ids. */
  row: (item: T, names: Map<string, string>) => string[];
  example: string;
  /** A list path (e.g. `/teams`) whose names the rows show instead of ids. */
  namesFrom?: string;
  /** Columns after `headers`, read with one more request for the page's items (e.g. who cannot be paged). */
  extra?: { headers: string[]; cells: (api: Api, items: T[]) => Promise<(item: T) => string[]> };
}

type ListOptions = JsonOption & ApiOptions & { limit?: number; q?: string; cursor?: string };

/** `tocsin <noun> list [--q TEXT] [--limit N] [--cursor C] [--json]`, a table like `incident list`. */
export function listCommand<T>(spec: ListCommandSpec<T>): void {
  withApi(
    withJson(
      spec.parent
        .command('list')
        .description(`list ${spec.plural} by name (over the API)`)
        .option('--q <text>', 'text in the name (case-insensitive)')
        .option('--limit <n>', 'how many (1-200, default 50)', intInRange(1, 200))
        .option('--cursor <cursor>', 'the next page, from the previous answer')
        .addHelpText('after', `\nWith --json prints the API's { "items": [...], "next_cursor": ... }.\nExample:\n  ${spec.example}`),
    ),
  ).action(async (o: ListOptions) => {
    const api = apiClient(o);
    const page = await api.get<Page<T>>(spec.path, { q: o.q, limit: o.limit, cursor: o.cursor });
    if (o.json) return printJson(page);
    if (!page.items.length) return out(`No ${spec.plural} match.`);
    const names = spec.namesFrom ? await namesById(api, spec.namesFrom) : new Map<string, string>();
    const extra = spec.extra ? await spec.extra.cells(api, page.items) : () => [];
    const more = page.next_cursor ? `\n${dim(`More: add --cursor ${page.next_cursor}`)}` : '';
    out(table([...spec.headers, ...(spec.extra?.headers ?? [])], page.items.map((item) => [...spec.row(item, names), ...extra(item)])) + more);
  });
}
