import { fileURLToPath } from 'node:url';
import type { HtmlTagDescriptor, Plugin, Rollup } from 'vite';

/**
 * Lets index.html fetch one lazily loaded route's chunk, the chunks it imports and its styles
 * alongside the entry script (`<link rel=modulepreload>`, `<link rel=stylesheet>`), instead of
 * after the entry has run and asked for it: for the page most visits open on (the signed-in
 * home). `page` is the page module's path under web/, e.g. 'src/features/incidents/IncidentListPage.tsx'.
 */
export function preloadRoute(page: string): Plugin {
  return {
    name: 'tocsin:preload-route',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return;
        const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
        const route = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/${page}`));
        if (!route) throw new Error(`preloadRoute: no chunk for ${page}`);
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const entry = new Set<string>();
        const closure = (name: string, into: Set<string>) => {
          if (into.has(name)) return;
          into.add(name);
          for (const dep of byName.get(name)?.imports ?? []) closure(dep, into);
        };
        for (const c of chunks) if (c.isEntry) closure(c.fileName, entry);
        const scripts = new Set<string>();
        closure(route.fileName, scripts);
        const fresh = [...scripts].filter((name) => !entry.has(name));
        const styles = fresh.flatMap((name) => [...(byName.get(name)?.viteMetadata?.importedCss ?? [])]);
        const tags: HtmlTagDescriptor[] = [
          ...fresh.map((name) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${name}` }, injectTo: 'head' as const })),
          ...styles.map((name) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${name}` }, injectTo: 'head' as const })),
        ];
        return tags;
      },
    },
  };
}

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
