import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The app is served by `healthwatch serve` from dist/; in development `vite` proxies /api to it.
export default defineConfig({
  plugins: [react()],
  // The domain package from source (pure TypeScript, tree-shaken), as the server's tests use it.
  resolve: { conditions: ['healthwatch-source', ...defaultClientConditions] },
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800, reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
