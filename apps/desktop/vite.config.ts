import { defineConfig } from 'vite';

// The agent desktop: built into dist/apps/desktop, which `hindsight serve` serves at `/` (same origin as the API).
// JSX is compiled by Vite's esbuild from tsconfig's `jsx: react-jsx`: the React plugin would only add Fast Refresh
// in development, at the cost of Babel.
export default defineConfig({
  root: __dirname,
  base: '/',
  build: {
    outDir: '../../dist/apps/desktop',
    emptyOutDir: true,
    // Written for debugging, not referenced by the bundle nor served (DesktopFiles skips them).
    sourcemap: 'hidden',
    // Everything ships in the bundle (no CDN); the CSP allows only same-origin scripts and styles.
    assetsInlineLimit: 0,
    rollupOptions: {
      onwarn(warning, warn) {
        // TanStack Query's "use client" lines are for server-component frameworks; a plain bundle ignores them.
        if (
          warning.code === 'MODULE_LEVEL_DIRECTIVE' ||
          (warning.code === 'SOURCEMAP_ERROR' && String(warning.id).includes('/node_modules/'))
        )
          return;
        warn(warning);
      },
    },
  },
  // `npm run desktop:dev`: the page from Vite, the API from a running `hindsight serve`.
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
