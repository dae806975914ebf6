import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'

/**
 * Notes the scripts a page loads and, when asked, their gzipped sizes. The bodies are fetched from the server
 * afterwards rather than read from the browser: a page that navigates away (sign-in to the meeting, the vote to the
 * receipt) drops the bodies of the responses before them, and built assets never change under their names.
 */
export function watchScripts(page: Page): () => Promise<Map<string, number>> {
  const urls = new Set<string>()
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') urls.add(response.url())
  })
  return async () => {
    const sizes = new Map<string, number>()
    for (const url of urls) {
      const res = await fetch(url)
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
      sizes.set(url, gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length)
    }
    return sizes
  }
}
