import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { newId } from '../core/ids.js';
import type { App, AppDeps, RouteInfo } from './deps.js';
import { problemDocs } from './openapi-errors.js';
import { sendProblem } from './problem.js';
import { validatorCompiler } from './validation.js';
import { registerAuth } from './auth.js';
import { registerOps } from './ops.js';
import { registerSecurityHeaders } from './security.js';
import { registerWeb } from './web.js';
import { authRoutes } from '../users/auth-routes.js';
import { userRoutes } from '../users/routes.js';
import { teamRoutes } from '../teams/routes.js';
import { serviceRoutes } from '../services/routes.js';
import { incidentRoutes } from '../incidents/routes.js';

export const API_PREFIX = '/api/v1';

/** Builds the whole HTTP surface; `listen` is the caller's business so tests can inject. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => newId('req'),
    trustProxy: deps.config.trustProxy,
    ajv: { customOptions: { coerceTypes: false } },
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
  app.setErrorHandler((err, req, reply) => sendProblem(req, reply, err));

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
  await app.register(swaggerUi, { routePrefix: `${API_PREFIX}/docs` });

  registerSecurityHeaders(app, deps);
  registerAuth(app, deps);
  registerOps(app, deps);
  await app.register(
    async (api) => {
      const a = api as unknown as App;
      authRoutes(a, deps);
      userRoutes(a, deps);
      teamRoutes(a, deps);
      serviceRoutes(a, deps);
      incidentRoutes(a, deps);
      a.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
    },
    { prefix: API_PREFIX },
  );
  await registerWeb(app);
  return app;
}
