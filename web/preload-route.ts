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
