import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../src/http/deps.js';

/**
 * The API document is a contract: every answer the integration suite receives from a documented
 * route must have a documented status, and a JSON body that matches the documented schema for
 * that status and content type. Bodies that are not JSON (event streams, HTML) are checked for
 * status only. The document is the app's own (`app.swagger()`), so what is checked is what is
 * served and committed.
 *
 * watchContract(app) records violations as answers go out and makes `app.inject` (which the
 * harness's `h.call` wraps) throw them, so the test that caused them fails with a message naming
 * the method, path, status and schema error.
 */

interface MediaType {
  schema?: unknown;
}
interface Response {
  $ref?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  responses?: Record<string, Response>;
}
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { responses?: Record<string, Response> } };

const RESPONSE_REF = '#/components/responses/';

interface Contract {
  violations: string[];
  check(req: FastifyRequest, reply: FastifyReply, payload: unknown): void;
}

const contracts = new WeakMap<App, Contract>();
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/** `/api/v1/users/:id` → `/api/v1/users/{id}`, the document's spelling. */
export const documentPath = (routeUrl: string): string => routeUrl.replace(/:(\w+)/g, '{$1}');

const pointer = (...parts: string[]) => parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

function bodyText(payload: unknown): string | null {
  if (payload === null || payload === undefined) return '';
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return null; // a stream: not read here
}

function createContract(app: App): Contract {
  let doc: Doc | null = null;
  let ajv: Ajv2020 | null = null;
  const validators = new Map<string, ValidateFunction>();

  const load = () => {
    if (!doc) {
      doc = structuredClone(app.swagger()) as unknown as Doc;
      ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
      (addFormats as unknown as (a: Ajv2020) => void)(ajv);
      ajv.addSchema(doc as object, 'tocsin-openapi');
    }
    return { doc, ajv: ajv! };
  };

  const validatorFor = (ajvInstance: Ajv2020, at: string[]) => {
    const ref = `tocsin-openapi#/${pointer(...at)}`;
    let v = validators.get(ref);
    if (!v) {
      v = ajvInstance.compile({ $ref: ref });
      validators.set(ref, v);
    }
    return v;
  };

  const contract: Contract = {
    violations: [],
    check(req, reply, payload) {
      const method = req.method.toLowerCase();
      const routeUrl = req.routeOptions.url;
      if (!routeUrl || !METHODS.has(method)) return;
      const { doc: d, ajv: a } = load();
      const path = documentPath(routeUrl);
      const op = d.paths[path]?.[method];
      if (!op) return; // not a documented route (ops endpoints, docs UI, the web app)
      const status = String(reply.statusCode);
      const where = `${req.method} ${path} answered ${status}`;
      const listedResponse = op.responses?.[status];
      // Shared answers (the problem ones) are references to components.responses.
      const refName = listedResponse?.$ref?.startsWith(RESPONSE_REF) ? listedResponse.$ref.slice(RESPONSE_REF.length) : null;
      const documented = refName ? d.components?.responses?.[refName] : listedResponse;
      if (!documented) {
        const listed = Object.keys(op.responses ?? {}).join(', ');
        contract.violations.push(`${where}, which the document does not list (it lists ${listed}); body: ${String(bodyText(payload)).slice(0, 300)}`);
        return;
      }
      // Fastify sends no body with a 204 whatever the handler passed (`send(null)` serializes as "null").
      const text = status === '204' || status === '304' ? '' : bodyText(payload);
      const mediaType = String(reply.getHeader('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!documented.content) {
        if (text) contract.violations.push(`${where} with a ${mediaType} body, but the document says it has no body`);
        return;
      }
      if (!mediaType) {
        if (text) contract.violations.push(`${where} with a body and no content type`);
        return;
      }
      if (!documented.content[mediaType]) {
        contract.violations.push(`${where} as ${mediaType}, but the document gives only ${Object.keys(documented.content).join(', ')}`);
        return;
      }
      if (!isJson(mediaType) || text === null) return;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        contract.violations.push(`${where} with a ${mediaType} body that is not JSON: ${text.slice(0, 200)}`);
        return;
      }
      const at = refName ? ['components', 'responses', refName] : ['paths', path, method, 'responses', status];
      const validate = validatorFor(a, [...at, 'content', mediaType, 'schema']);
      if (!validate(body)) {
        const errors = a.errorsText(validate.errors, { separator: '; ', dataVar: 'body' });
        contract.violations.push(`${where}: the ${mediaType} body does not match the documented schema: ${errors}; body: ${text.slice(0, 300)}`);
      }
    },
  };
  return contract;
}

/**
 * Checks every answer `app` gives against its own API document. Call before `app.ready()`.
 * `app.inject` is wrapped so that a call whose answer broke the contract rejects with the
 * violations, in the test that made it; answers over real HTTP are reported by the next inject,
 * or else by `app.close()`.
 */
export function watchContract(app: App): void {
  const contract = createContract(app);
  contracts.set(app, contract);
  // Added last, so it sees the payload exactly as it goes out.
  app.addHook('onSend', async (req, reply, payload) => {
    try {
      contract.check(req, reply, payload);
    } catch (err) {
      contract.violations.push(`${req.method} ${req.url}: the contract check failed: ${(err as Error).message}`);
    }
    return payload;
  });
  app.addHook('onClose', async () => assertContract(app, undefined));
  const inject = app.inject.bind(app) as (...args: unknown[]) => unknown;
  const checked = (...args: unknown[]) => {
    // The chain form (no options) and the callback form are passed through unchecked.
    if (args.length !== 1 || args[0] === undefined) return inject(...args);
    return (inject(...args) as Promise<unknown>).then((res) => assertContract(app, res));
  };
  Object.assign(app, { inject: checked });
}

const contractMessage = (violations: string[]) =>
  `The API answered outside its documented contract (docs/openapi.json; fix the route's schema or the server):\n- ${violations.join('\n- ')}`;

/** Throws the violations recorded since the last call; returns `res` when there are none. */
export function assertContract<T>(app: App, res: T): T {
  const contract = contracts.get(app);
  if (contract?.violations.length) throw new Error(contractMessage(contract.violations.splice(0)));
  return res;
}
