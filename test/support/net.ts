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

/** True when `port` can be bound on loopback right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The kernel's pick, where there is no room below its ephemeral range. */
function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A loopback port nothing listens on right now, that nothing else in this machine's tests will be handed. */
export async function freePort(): Promise<number> {
  if (base < 1_024) return kernelPort();
  for (let tries = 0; tries < BLOCK; tries++) {
    const port = base + block * BLOCK + (next++ % BLOCK);
    if (await bindable(port)) return port;
  }
  return kernelPort();
}
