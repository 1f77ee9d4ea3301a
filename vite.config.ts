import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config for the web build (root: web/) and for Vitest (which runs from the repository root).
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:8787', '/tiles': 'http://localhost:8787' } },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: each test file opens its own database copy; more workers only thrash.
    maxWorkers: 2,
  },
});
