// Builds the renderer into <repo>/dist/renderer. base './' keeps every asset URL relative, so the same
// build loads from app:// in Electron and from the dev/test web transport over http.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The CSP is script-src 'self': the polyfill would be an inline script, and Chromium does not need it.
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs for fonts and scripts, which the CSP refuses; keep them as files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
