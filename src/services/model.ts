import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import type * as S from './schemas.js';
import type { ServicesTable } from './tables.js';
import { ValidationError } from '../core/errors.js';

// The service catalog: pure rules and JSON shape. No I/O, no clock.

/** As the API shows it; the TypeBox schema is the one definition. */
export type Service = Static<typeof S.ServiceSchema>;

export interface ServiceLinks {
  expertIds: string[];
  dependencyIds: string[];
}

export const toServiceJson = (r: ServicesTable, links: ServiceLinks): Service => ({
  id: r.id,
  name: r.name,
  description: r.description,
  owner_team_id: r.owner_team_id,
  runbook_url: r.runbook_url,
  expert_ids: [...links.expertIds].sort(),
  dependency_ids: [...links.dependencyIds].sort(),
  created_at: toIso(r.created_at)!,
  updated_at: toIso(r.updated_at)!,
});

/** A runbook link people click during an incident: an absolute http(s) URL, or null. */
export function checkRunbookUrl(raw: string | null, field = 'runbook_url'): string | null {
  if (raw === null || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ValidationError(`${field} must be an http(s) URL`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError(`${field} must be an http(s) URL`, field);
  return url.toString();
}

/** A dependency edge: `from` depends on `to`. */
export interface Edge {
  from: string;
  to: string;
}

/**
 * If `serviceId` came to depend on `deps` (replacing its current dependencies), would the
 * dependency graph have a cycle? Returns the cycle as a path `[serviceId, ..., serviceId]`, or null.
 */
export function findDependencyCycle(edges: readonly Edge[], serviceId: string, deps: readonly string[]): string[] | null {
  if (deps.includes(serviceId)) return [serviceId, serviceId];
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.from !== serviceId) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const seen = new Set<string>();
  const walk = (node: string, path: string[]): string[] | null => {
    if (node === serviceId) return [serviceId, ...path];
    if (seen.has(node)) return null;
    seen.add(node);
    for (const to of next.get(node) ?? []) {
      const found = walk(to, [...path, to]);
      if (found) return found;
    }
    return null;
  };
  for (const d of deps) {
    const found = walk(d, [d]);
    if (found) return found;
  }
  return null;
}
