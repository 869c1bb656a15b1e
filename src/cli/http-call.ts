import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

// One HTTP request from a `tocsin` command (the API client, a probe). Node's http module, not
// `fetch`: `fetch` loads undici and compiles its WebAssembly HTTP parser in every process, about
// 0.24 s of processor time here, more than the rest of a `tocsin service list` put together.

export interface HttpAnswer {
  status: number;
  /** A 2xx status, as `fetch`'s Response has it. */
  ok: boolean;
  statusText: string;
  /** Where a redirect points: not followed, since a request sent again elsewhere is the caller's call. */
  location: string | undefined;
  text: string;
}

/** No answer within the call's time: `name` as `fetch` with `AbortSignal.timeout` had it. */
export class HttpTimeout extends Error {
  override name = 'TimeoutError';
}

export interface HttpCall {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** For the whole call, the answer's body included. */
  timeoutMs: number;
}

/** Sends one request and reads the whole answer; rejects on a network error or after `timeoutMs`. */
export function httpCall(url: URL, call: HttpCall): Promise<HttpAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = call.body === undefined ? undefined : Buffer.from(call.body);
  const headers = body ? { ...call.headers, 'content-length': String(body.length) } : call.headers;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: call.method, headers }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status <= 299, statusText: res.statusMessage ?? '', location: res.headers.location, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    let late: HttpTimeout | null = null;
    const timer = setTimeout(() => {
      late = new HttpTimeout(`no answer within ${call.timeoutMs / 1000} s`);
      req.destroy(late);
    }, call.timeoutMs);
    // Late, whatever the stream then reports (a body cut off mid-way says "aborted").
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(late ?? err);
    }
    req.on('error', fail);
    req.end(body);
  });
}
