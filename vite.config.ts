import preact from '@preact/preset-vite'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// The web app lives in web/ and is built into dist/web, which the server serves (server/app.ts).
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [
    // prerender stays off: pages are rendered in the browser from the API. devToolsEnabled only in dev.
    preact(),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Old Android WebViews: stay with what Chrome 87+ understands (Vite's baseline-widely-available default
    // is newer). Nothing below needs syntax past ES2020.
    target: ['es2020', 'chrome87', 'safari14'],
    // No source maps shipped to phones; a small inline limit keeps fonts/icons as separate cached files.
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://localhost:8787' },
  },
})
