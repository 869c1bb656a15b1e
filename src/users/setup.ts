import type { Ctx } from '../core/context.js';
import { ConflictError, ForbiddenError } from '../core/errors.js';
import { hashSecret } from '../core/secrets.js';
import { insertNewUser, prepareUserRow, SETUP_TOKEN_KEY } from './service.js';
import { startSession, type SessionOptions, type SignedIn } from './session-service.js';
import * as store from './store.js';

// First run: the holder of the one-time link printed at start creates the owner account.
// (prepareFirstRunSetup, which makes the link, is in service.ts.)

export interface SetupInput {
  token: string;
  name: string;
  email: string;
  password: string;
  time_zone?: string;
}

export async function setupNeeded(ctx: Ctx): Promise<boolean> {
  return (await store.countUsers(ctx.db.kysely)) === 0;
}

/** Creates the owner and signs them in; only while no user exists, only with the current token. */
export async function completeSetup(ctx: Ctx, input: SetupInput, opts: SessionOptions): Promise<SignedIn> {
  const now = ctx.clock.now().getTime();
  const row = await prepareUserRow({ ...input, role: 'owner' }, now);
  const result = await ctx.db.tx(async (q) => {
    if ((await store.countUsers(q)) > 0) throw new ConflictError('Tocsin is already set up; sign in instead');
    // Deleting the token row is the claim: of two racing requests only one deletes it.
    if (!(await store.claimSetting(q, SETUP_TOKEN_KEY, hashSecret(input.token)))) {
      throw new ForbiddenError('The setup token is wrong or was already used; restart Tocsin for a new link');
    }
    const user = await insertNewUser(q, row);
    return { user, session: await startSession(q, user.id, now, opts) };
  });
  ctx.log.info({ userId: result.user.id }, 'first-run setup done: owner created');
  return result;
}
