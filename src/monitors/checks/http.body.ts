// Reading a response body, at most `limit` bytes: a monitor must not be made to swallow a
// huge (or endless) body.
import type { IncomingMessage } from 'node:http';

export type BodyRead = { kind: 'body'; text: string } | { kind: 'too_large' } | { kind: 'reset' };

export function readBody(res: IncomingMessage, limit: number): Promise<BodyRead> {
  // A declared length over the limit is refused before reading a byte of it.
  if (Number(res.headers['content-length']) > limit) {
    res.destroy();
    return Promise.resolve({ kind: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        resolve({ kind: 'too_large' });
        res.destroy();
      }
    });
    res.on('end', () => resolve({ kind: 'body', text: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', () => resolve({ kind: 'reset' }));
    res.on('close', () => {
      if (!res.complete) resolve({ kind: 'reset' });
    });
  });
}
