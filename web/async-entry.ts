import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Builds `script` (a path under web/, e.g. 'src/boot.ts') as an entry of its own and has
 * index.html run it `async`: the moment it arrives, without waiting for the app's module graph
 * (Vite would fold a second `<script>` in index.html into the app's entry). In the built app only.
 */
export function asyncEntry(script: string): Plugin {
  const name = script.replace(/^.*\//, '').replace(/\.[tj]sx?$/, '');
  return {
    name: 'tocsin:async-entry',
    apply: 'build',
    config: () => ({
      build: { rollupOptions: { input: { index: fileURLToPath(new URL('index.html', import.meta.url)), [name]: fileURLToPath(new URL(script, import.meta.url)) } } },
    }),
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/${script}`));
        if (!chunk) throw new Error(`asyncEntry: no chunk for ${script}`);
        // First of the scripts and at high priority, so the browser asks for it before the app's
        // chunks (an async script is otherwise fetched at low priority, after them).
        const tag = `<script type="module" async fetchpriority="high" crossorigin src="/${chunk.fileName}"></script>\n    `;
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('asyncEntry: index.html has no module script');
        return html.slice(0, at) + tag + html.slice(at);
      },
    },
  };
}
