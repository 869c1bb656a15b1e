import { describe, expect, it } from 'vitest';
import type { Api } from '../cli/api-client.js';
import { pageReach } from './cli.js';

// `tocsin user list`'s last column, from GET /readiness: asked only for active people.
describe('pageReach', () => {
  const user = (id: string, deactivated_at: string | null = null) => ({ id, name: id, email: `${id}@x.test`, role: 'responder', time_zone: 'UTC', created_at: '', updated_at: '', deactivated_at }) as never;
  const high = (reachable: boolean, message?: string) => ({ reachable, first_minutes: reachable ? 0 : null, methods: [], problems: message ? [{ code: 'no_rules', message }] : [] });

  it('says ok, or ! no and the first reason; a deactivated person is not asked about', async () => {
    const asked: unknown[] = [];
    const api = {
      get: async (path: string, query: unknown) => {
        asked.push([path, query]);
        return { items: [{ user_id: 'usr_a', name: 'a', high: high(true), low: high(true) }, { user_id: 'usr_b', name: 'b', high: high(false, 'No notification rule for high urgency: add one'), low: high(false) }] };
      },
    } as unknown as Api;
    const cells = await pageReach(api, [user('usr_a'), user('usr_b'), user('usr_c', '2026-01-01T00:00:00Z')]);
    expect(asked).toEqual([['/readiness', { user_ids: 'usr_a,usr_b' }]]);
    expect([cells(user('usr_a')), cells(user('usr_b')), cells(user('usr_c'))]).toEqual([['ok'], ['! no: No notification rule for high urgency: add one'], ['-']]);
  });

  it('asks nothing when everyone listed is deactivated', async () => {
    const api = { get: async () => expect.unreachable('no request') } as unknown as Api;
    expect((await pageReach(api, [user('usr_c', '2026-01-01T00:00:00Z')]))(user('usr_c'))).toEqual(['-']);
  });
});
