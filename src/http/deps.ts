import type { Role } from '../core/context.js';
import type { Ctx } from '../core/context.js';

// HTTP plumbing types. `App` and `Kernel` live in core/module.ts, where domains meet the kernel.
export type { App, Kernel, LiveEvents } from '../core/module.js';

export interface RouteInfo {
  method: string;
  url: string;
  config: { minRole?: Role; public?: boolean };
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
  interface FastifyContextConfig {
    /** Weakest role allowed; defaults to viewer for reads and responder for writes. */
    minRole?: Role;
    /** No sign-in needed (health, sign-in itself, public pages). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every authenticated route. */
    ctx: Ctx;
  }
}
