import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const demo = (page: string) => fileURLToPath(new URL(`./demo/${page}`, import.meta.url));

// The demo site (`npm start`, `npm run build:demo`): it imports the package by its name, served
// from the sources, and its built pages work from any folder (relative URLs).
export default defineConfig({
  root: 'demo',
  base: './',
  resolve: {
    alias: { 'media-recorder-button': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: '../demo-dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: Object.fromEntries(['index', 'video', 'form', 'styles', 'translated'].map((page) => [page, demo(`${page}.html`)])),
    },
  },
});
