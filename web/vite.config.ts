// Vite build for the forgedesk web UI. `npm run dev` proxies /api to a
// forgedesk server on 127.0.0.1:8080; `npm run build` writes web/dist/.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The chart engine (ECharts, ~540 kB) is its own chunk, fetched only by
    // pages that draw a chart; every other chunk stays far below this.
    chunkSizeWarningLimit: 600,
  },
});
