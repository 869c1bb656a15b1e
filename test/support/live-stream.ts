import { request, type IncomingMessage } from 'node:http';

/** Opens the event stream and collects what arrives. */
export function openStream(base: string, headers: Record<string, string>) {
  let text = '';
  let res: IncomingMessage | undefined;
  const waiters: (() => void)[] = [];
  const ready = new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(`${base}/api/v1/live`, { headers }, (r) => {
      res = r;
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => {
        text += chunk;
        waiters.splice(0).forEach((w) => w());
        resolve(r);
      });
      if (r.statusCode !== 200) resolve(r);
    });
    req.on('error', reject);
    req.end();
  });
  const waitFor = async (pattern: RegExp, ms = 5000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = text.match(pattern);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(text)}`);
      await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 50); });
    }
  };
  return { ready, waitFor, close: () => res?.destroy(), get text() { return text; } };
}

/** Listens on a free loopback port and answers the base URL. */
export async function listenLocal(app: { listen(o: { port: number; host: string }): Promise<unknown>; server: { address(): unknown } }): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number } | null;
  return `http://127.0.0.1:${addr?.port ?? 0}`;
}
