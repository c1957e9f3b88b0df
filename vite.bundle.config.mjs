// `npm run build` → dist/media-recorder-button.bundle.js: the element with Lit inlined, minified,
// one ES module for pages without a build step (<script type="module" src=".../bundle.js">).
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'media-recorder-button.bundle.js' },
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2021',
    minify: true,
    // Library builds keep whitespace by default; this file is for pages, not bundlers.
    // The WebM duration fix is loaded on first use, as a file next to the bundle.
    rolldownOptions: { output: { minify: true, chunkFileNames: 'media-recorder-button.bundle-[name].js' } },
    reportCompressedSize: false,
  },
});
