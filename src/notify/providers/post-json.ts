import http from 'node:http';
import https from 'node:https';

/**
 * One JSON POST to a webhook, as the chat and webhook providers send pages: node's own http
 * client on keep-alive connections rather than fetch, whose WHATWG streams, Request and Headers
 * objects cost about three times the CPU per request (bench:paging's profile: a sixth of a busy
 * process sending 1,000 pages). Like the providers' fetch call before it: redirects are not
 * followed, the answer is read whole (so the connection is reused) up to a cap, and `signal`
 * aborts the request.
 */
export interface PostAnswer {
  status: number;
  text: string;
  header(name: string): string | undefined;
}

/** An answer longer than this is cut (a webhook's answer is a few bytes; a hostile one is not read forever). */
const MAX_ANSWER_BYTES = 256 * 1024;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export function postJson(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new TypeError(`invalid URL: ${url}`));
    }
    const agent = agents[target.protocol as keyof typeof agents];
    if (!agent) return reject(new TypeError(`unsupported protocol ${target.protocol} in ${url}`));
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= MAX_ANSWER_BYTES) return;
          size += chunk.length;
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            text,
            header: (name) => {
              const v = res.headers[name.toLowerCase()];
              return Array.isArray(v) ? v.join(', ') : v;
            },
          });
        });
      },
    );
    request.on('error', (err) => reject(signal?.aborted ? (signal.reason ?? err) : err));
    request.end(body);
  });
}
