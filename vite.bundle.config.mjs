// `npm run build` → dist/media-recorder-button.bundle.js: the element with Lit inlined, minified,
// one ES module for pages without a build step (<script type="module" src=".../bundle.js">).
import { defineConfig } from 'vite';
import { minifyLiterals } from './scripts/minify-literals.mjs';

export default defineConfig({
  plugins: [{ name: 'minify-literals', transform: (code, id) => (/\/src\/.*\.ts$/.test(id) ? minifyLiterals(code) : null) }],
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'media-recorder-button.bundle.js' },
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    // Library builds keep whitespace by default; this file is for pages, not bundlers.
    // The recording code and the WebM duration fix load when needed, as files next to the bundle;
    // what they share with the element stays in the bundle (its exports may grow for them).
    rolldownOptions: {
      preserveEntrySignatures: 'allow-extension',
      output: { minify: true, chunkFileNames: 'media-recorder-button.bundle-[name].js' },
    },
    reportCompressedSize: false,
  },
});
