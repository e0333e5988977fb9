// Builds the examiner workbench into web/dist; the service serves it at / (src/api/web-ui.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  // `vite dev` on its own port: the API runs separately; proxy the public routes to it.
  server: {
    proxy: Object.fromEntries(['/v1', '/openapi.json', '/health', '/ready', '/docs'].map((p) => [p, process.env.ABGLEICH_API ?? 'http://127.0.0.1:8080'])),
  },
});
