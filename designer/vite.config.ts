import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// The server serves dist/ at `/` and its API under `/api` on the same origin;
// in development Vite proxies `/api` to the NestJS server.
export default defineConfig({
  plugins: [vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: process.env.API_TARGET ?? 'http://localhost:3000', changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // the lazily loaded modeler chunk (bpmn-js, properties panel, FEEL editor) is ~1.6 MB, ~430 kB gzipped
    chunkSizeWarningLimit: 1800,
  },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    reporters: ['default'],
  },
});
