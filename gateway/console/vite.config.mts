import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console (auditors, the command centre, the explorer): served by the gateway under /console, built into dist/console.
// JSX goes through Vite's own oxc transform (React's automatic runtime), so no framework plugin is
// needed for a production build; there is no dev server in this project's workflow.
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.resolve(here, '../../dist/console'),
    emptyOutDir: true,
    // Everything the page needs is bundled: no CDN, works offline.
    assetsInlineLimit: 0,
    target: 'es2022',
    // GraphiQL (the explorer, loaded on its own) is most of the weight; the console pages stay small.
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client" for server components, which a browser bundle has not.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
