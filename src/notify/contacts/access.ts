import { runner, type Ctx } from '../../core/context.js';
import { ForbiddenError, NotFoundError } from '../../core/errors.js';
import * as store from './store.js';
import type { ContactMethodsTable } from './tables.js';

// Whose contact methods a request may touch: a person's own.

/** The person acting; contact methods belong to people, not to tokens of the system. */
export function me(ctx: Ctx): string {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('Only a person has contact methods');
  return ctx.actor.userId;
}

/** One of my methods (someone else's is "not found": ids are not an oracle). */
export async function loadMine(ctx: Ctx, id: string): Promise<ContactMethodsTable> {
  const row = await store.findMethod(runner(ctx), id);
  if (!row || row.user_id !== me(ctx)) throw new NotFoundError('Contact method', id);
  return row;
}
