import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/net.js';
import { startTcpTarget } from '../../../test/support/targets.js';
import { runCheck } from './index.js';

const opts = { timeoutMs: 2000, now: () => Date.now() };

// No timeout case: a connect that hangs needs a blackhole address, and this sandbox's network
// accepts connections to any address (10.255.255.1 connects), so it would not be reliable.
describe('TCP check', () => {
  it('is up when the port accepts a connection, and closes it', async () => {
    const target = await startTcpTarget();
    try {
      const outcome = await runCheck({ type: 'tcp', host: '127.0.0.1', port: target.port }, opts);
      expect(outcome).toEqual({ status: 'up', latency_ms: expect.any(Number), failure: null, message: null });
      expect(target.accepted()).toBe(1);
    } finally {
      await target.close();
    }
  });

  it('says connection refused for a closed port', async () => {
    const port = await freePort();
    expect(await runCheck({ type: 'tcp', host: '127.0.0.1', port }, opts)).toMatchObject({ status: 'down', failure: 'refused', message: 'connection refused' });
  });

  it('says the host does not resolve for a name that does not exist', async () => {
    expect(await runCheck({ type: 'tcp', host: 'nothing-here.invalid', port: 80 }, opts)).toMatchObject({ status: 'down', failure: 'dns' });
  });
});
