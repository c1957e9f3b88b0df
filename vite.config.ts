import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The demo imports the package by its name, served from the sources.
export default defineConfig({
  root: 'demo',
  resolve: {
    alias: { 'media-recorder-button': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: '../demo-dist',
    emptyOutDir: true,
    rollupOptions: { input: ['demo/index.html', 'demo/video.html'].map((page) => fileURLToPath(new URL(page, import.meta.url))) },
  },
});
