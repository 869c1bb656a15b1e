import type { Ctx } from '../core/context.js';
import type { Database } from '../core/db/index.js';
import type { Kernel } from '../core/module.js';

// What paging needs of the running instance that a use case's ctx does not carry: the address
// people reach Tocsin at (links in pages). Set when the kernel plugs the module in; kept per
// kernel (by its database), since tests and tools run two kernels in one process.

const publicUrls = new WeakMap<Database, string>();

export function configurePaging(kernel: Kernel): void {
  publicUrls.set(kernel.db, kernel.config.publicUrl);
}

export const pagingPublicUrl = (ctx: Ctx): string => publicUrls.get(ctx.db) ?? 'http://localhost:8080';
