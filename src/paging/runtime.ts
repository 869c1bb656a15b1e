import type { Kernel } from '../core/module.js';

// What paging needs of the running instance that a use case's ctx does not carry: the address
// people reach Tocsin at (links in pages). Set when the kernel plugs the module in.

let publicUrl = 'http://localhost:8080';

export function configurePaging(kernel: Kernel): void {
  publicUrl = kernel.config.publicUrl;
}

export const pagingPublicUrl = (): string => publicUrl;
