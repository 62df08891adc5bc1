import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// The form-js editor pins preact (newer releases break its drag and drop, bpmn-io/form-js#760)
// while the viewer it renders fields with allows newer ones: both must share one preact, or
// hooks break across them. Every preact import inside form-js resolves as the editor's does.
const formJsEditorPackage = createRequire(import.meta.url).resolve('@bpmn-io/form-js-editor/package.json');
const FORM_JS = /[\\/]@bpmn-io[\\/]form-js-(editor|viewer)[\\/]/;

function formJsSharesOnePreact(): Plugin {
  return {
    name: 'form-js-shares-one-preact',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !FORM_JS.test(importer) || (source !== 'preact' && !source.startsWith('preact/'))) return null;
      return this.resolve(source, formJsEditorPackage, { skipSelf: true });
    },
  };
}

// The server serves dist/ at `/` and its API under `/api` on the same origin;
// in development Vite proxies `/api` to the NestJS server.
export default defineConfig({
  plugins: [vue(), formJsSharesOnePreact()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  // the dev server pre-bundles dependencies: the same rule applies there
  optimizeDeps: { rolldownOptions: { plugins: [formJsSharesOnePreact() as never] } },
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
