import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// A port handed out here is often bound later, or bound again after its server was killed and
// restarted. A port the kernel picked (`listen(0)`) comes from the ephemeral range, which the
// kernel also gives to every outgoing connection and every other `listen(0)`: between the kill
// and the restart someone else could hold it (a restarted server failed with EADDRINUSE on a
// busy machine). So ports come from below that range, where the kernel never picks, each
// vitest worker from its own block, in turn from a random start.

const BLOCK = 800;
const BLOCKS = 12;

function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

const base = ephemeralLow() - BLOCK * BLOCKS;
const block = (Number(process.env.VITEST_POOL_ID ?? process.pid) - 1) % BLOCKS;
let next = Math.floor(Math.random() * BLOCK);

/** Binds `port` on loopback (0: the kernel picks one) and lets it go: the port bound, or null when it was taken. */
function bindAndRelease(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => {
      const address = srv.address();
      const bound = typeof address === 'object' && address ? address.port : null;
      srv.close(() => resolve(bound));
    });
  });
}

/** A loopback port nothing listens on right now, that nothing else in this machine's tests will be handed. */
export async function freePort(): Promise<number> {
  // Below 1024 there is no room for the blocks: then, as when a block is full, the kernel picks.
  for (let tries = 0; base >= 1_024 && tries < BLOCK; tries++) {
    const port = await bindAndRelease(base + block * BLOCK + (next++ % BLOCK));
    if (port !== null) return port;
  }
  const port = await bindAndRelease(0);
  if (port === null) throw new Error('no loopback port could be bound');
  return port;
}
