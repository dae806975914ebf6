/**
 * The load generator of `npm run bench`, run in its own process so that the client does not compete with the
 * measuring process: autocannon, N connections, for D seconds (or until the prepared requests run out).
 * Input: a JSON file { url, connections, seconds, requests?: [{ method, path, headers, body }] }.
 * Output: one JSON line { requests, rps, p50Ms, p99Ms, non2xx, errors, seconds }.
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

interface Plan {
  readonly url: string
  readonly connections: number
  readonly seconds: number
  readonly requests?: readonly {
    method: string
    path: string
    headers: Record<string, string>
    body: string
  }[]
}

const plan = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Plan
let next = 0
const prepared = plan.requests
const t0 = performance.now()
const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.seconds,
  ...(prepared
    ? {
        // Every request is a different voter's prepared ballot; autocannon stops when they run out.
        amount: prepared.length,
        requests: [
          {
            setupRequest: (req: autocannon.Request) => {
              const r = prepared[next++ % prepared.length] as NonNullable<Plan['requests']>[number]
              return { ...req, method: r.method as 'POST', path: r.path, headers: r.headers, body: r.body }
            },
          },
        ],
      }
    : {}),
})
const seconds = Math.min(plan.seconds, (performance.now() - t0) / 1000)
const ok = result['2xx']
console.log(
  JSON.stringify({
    requests: ok,
    rps: ok / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds,
  }),
)
