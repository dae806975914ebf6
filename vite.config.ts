import preact from '@preact/preset-vite'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// The web app lives in web/ and is built into dist/web, which the server serves (server/app.ts).
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  // JSX for Preact; Preact's devtools hooks only in dev builds.
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Which chunk each page became and what it imports: the server names them in the page it answers
    // (server/web-shell.ts), so a phone fetches a page's code beside the entry, not after it.
    manifest: true,
    // Old Android WebViews: lower the syntax to what Chrome 87 understands (Vite's default baseline is newer).
    target: ['es2020', 'chrome87', 'safari14'],
  },
  server: {
    proxy: { '/api': 'http://localhost:8787' },
  },
})
