import { createConnection, createServer, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'hold' | 'drop';

export interface TcpProxy {
  port: number;
  /** pass: forward; hold: keep every connection open and forward nothing (a frozen network); drop: reset every connection and refuse new ones. */
  set(mode: ProxyMode): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy to `target` whose traffic a test can hold or drop, to play a database in trouble. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  const pairs = new Set<[Socket, Socket]>();
  const cut = () => {
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b.destroy();
    }
  };
  const server = createServer((client) => {
    if (mode === 'drop') return void client.destroy();
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (mode === 'pass') to.write(chunk);
        // hold: swallowed, as a network that stopped delivering would
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    set(next) {
      mode = next;
      if (next === 'drop') cut();
    },
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
