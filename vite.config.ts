import preact from '@preact/preset-vite'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'

/**
 * Each script and style sheet also as its Brotli at the highest quality (name.js.br), which the server sends to a
 * browser that accepts it (server/app.ts, serveStatic's precompressed): about a sixth smaller than the gzip the
 * server makes on the fly, and on 400 kbit/s mobile data every kilobyte is 20 ms. Made once at build, never per
 * request. The owner path's budget stays counted in gzip (npm run bench).
 */
function brotliAssets(): Plugin {
  return {
    name: 'gongjue-brotli-assets',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir
      if (!dir) return
      for (const name of Object.keys(bundle)) {
        if (!/\.(?:js|css)$/.test(name)) continue
        const raw = readFileSync(join(dir, name))
        const br = brotliCompressSync(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
        writeFileSync(join(dir, `${name}.br`), br)
      }
    },
  }
}

// The web app lives in web/ and is built into dist/web, which the server serves (server/app.ts).
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  // JSX for Preact; Preact's devtools hooks only in dev builds.
  plugins: [preact(), brotliAssets()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Which chunk each page became and what it imports: the server names them in the page it answers
    // (server/web-shell.ts), so a phone fetches a page's code beside the entry, not after it.
    manifest: true,
    // Old Android WebViews: lower the syntax to what Chrome 87 understands (Vite's default baseline is newer).
    target: ['es2020', 'chrome87', 'safari14'],
    rolldownOptions: {
      // @simplewebauthn/browser's modules have no side effects but do not say so (no "sideEffects" in its
      // package.json): said here, its barrel no longer drags the registration ceremony (about 1.8 KB gzipped) into
      // the sign-in and voting pages, which only sign.
      treeshake: {
        moduleSideEffects: (id: string) => !/[\\/]@simplewebauthn[\\/]browser[\\/]/.test(id),
      },
      output: {
        codeSplitting: {
          groups: [
            // An owner's start page in one file rather than five: on 400 ms mobile data over HTTP/1.1's six
            // connections, every request past the sixth waits a round trip (npm run bench -- --only web).
            {
              name: 'owner-start',
              includeDependenciesRecursively: false,
              test: /web\/src\/(pages\/owner-(home|notices)\.tsx|i18n\/(owner-more|notices-zh-CN)\.ts)$/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8787' },
  },
})
