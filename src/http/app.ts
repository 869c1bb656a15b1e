import Fastify from 'fastify';
import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { newId } from '../core/ids.js';
import type { Authenticator, DomainModule } from '../core/module.js';
import type { App, Kernel, RouteInfo } from './deps.js';
import { problemDocs } from './openapi-errors.js';
import { sendProblem } from './problem.js';
import { serializerCompiler, validatorCompiler } from './validation.js';
import { registerAuth } from './auth.js';
import { liveRoute } from './live-stream.js';
import { registerOps } from './ops.js';
import { registerSecurityHeaders } from './security.js';
import { clientErrorProblem, refuseNulCharacters } from './hostile-input.js';
import { registerWeb } from './web.js';

export const API_PREFIX = '/api/v1';

export interface AppParts {
  /** The domains, in the composition root's order. */
  modules: readonly DomainModule[];
  /** The users domain's: turns a request's credentials into an actor. */
  authenticator: Authenticator;
}

/** Builds the whole HTTP surface from the domains' modules; `listen` is the caller's business so tests can inject. */
export async function buildApp(kernel: Kernel, parts: AppParts): Promise<App> {
  const { modules } = parts;
  const app = Fastify({
    loggerInstance: kernel.log,
    bodyLimit: kernel.config.bodyLimitBytes,
    genReqId: () => newId('req'),
    trustProxy: kernel.config.trustProxy,
    ajv: { customOptions: { coerceTypes: false } },
    // Errors the router meets before any route (bad percent-encoding) are problems like the rest.
    frameworkErrors: (err, req, reply) => void sendProblem(req, reply, err),
    clientErrorHandler: clientErrorProblem,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route, recorded as registered, so the access test can walk all of them.
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: r.url, config: (r.config ?? {}) as RouteInfo['config'] });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendProblem(req, reply, err));

  // API answers (an incident page is tens of KB of JSON) go out compressed to clients that ask;
  // the web app's assets are compressed at build time and served as they are. Brotli at a
  // moderate quality: the best ratio costs more CPU than a dynamic answer is worth.
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tocsin API', version: '1', description: 'Incident management: detect, respond, communicate, learn.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `tocsin token create` or the web app' },
          session: { type: 'apiKey', in: 'cookie', name: 'tocsin_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    ...problemDocs,
  });
  await app.register(swaggerUi, {
    routePrefix: `${API_PREFIX}/docs`,
    // Swagger UI's own policy (it hashes its inline scripts), with no framing and nothing fetched elsewhere.
    staticCSP: true,
    transformStaticCSP: (csp) =>
      csp.replace("frame-ancestors 'self'", "frame-ancestors 'none'").replace(' validator.swagger.io', '').replace(' upgrade-insecure-requests;', ''),
  });

  registerSecurityHeaders(app, kernel);
  refuseNulCharacters(app);
  registerAuth(app, kernel, parts.authenticator);
  registerOps(app, kernel, modules);
  await app.register(
    async (api) => {
      const a = api as unknown as App;
      for (const m of modules) m.api?.(a, kernel);
      liveRoute(a, kernel, [...new Set(modules.flatMap((m) => (m.live ?? []).map((p) => p.topic)))]);
      a.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
    },
    { prefix: API_PREFIX },
  );
  // Public routes (outside /api/v1) authenticate themselves, as each declares.
  for (const m of modules) for (const p of m.public ?? []) p.register(app, kernel);
  await registerWeb(app, modules.flatMap((m) => (m.public ?? []).map((p) => p.prefix)), { sourceMaps: kernel.config.serveSourceMaps });
  return app;
}
