// The console's build (`vite build console`, run by `npm install`): Preact's JSX through Vite's own
// transform (no plugin), served by the platform at /console/ from console/dist (src/console/serve.ts).

import { defineConfig } from 'vite';

export default defineConfig({
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  logLevel: 'warn',
});
