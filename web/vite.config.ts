import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { asyncEntry } from './async-entry.js';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web app: built into web/dist, which the server serves at / (src/http/web.ts).
// `npx vite` in web/ serves it with hot reload and forwards the API to a local `tocsin serve`.
export default defineConfig({
  root,
  // boot.ts asks for the signed-in home's data while the app's scripts download (async-entry.ts).
  plugins: [react(), asyncEntry('src/boot.ts')],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  resolve: {
    // react-router's package exports only its development build (dev warnings and their
    // messages on every render); the production build it ships beside it is the same code without.
    alias: [{ find: /^react-router$/, replacement: fileURLToPath(new URL('../node_modules/react-router/dist/production/index.mjs', import.meta.url)) }],
  },
  server: {
    proxy: {
      '/api': { target: process.env.TOCSIN_API_URL ?? 'http://localhost:8080', changeOrigin: false },
    },
  },
});
