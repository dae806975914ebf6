import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clientIp } from '../../server/auth/access'
import { loadConfig } from '../../server/config'
import { call, tempDb, testApp } from '../support'

/**
 * Behind TRUST_PROXY the rate limits key on the address our own proxy appended to X-Forwarded-For, counted from
 * the right: the entries left of it are the client's to choose, so a spoofed first hop must not buy a fresh limit.
 */

async function addressOf(hops: number, forwarded?: string): Promise<string> {
  const app = new Hono().get('/', (c) => c.text(clientIp(c, hops)))
  const res = await app.request('/', {
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  })
  return res.text()
}

describe('clientIp', () => {
  it.each([
    [1, '203.0.113.7', '203.0.113.7'],
    [1, '1.2.3.4, 203.0.113.7', '203.0.113.7'],
    [1, '1.2.3.4,5.6.7.8 ,  203.0.113.7', '203.0.113.7'],
    [2, '1.2.3.4, 203.0.113.7, 10.0.0.2', '203.0.113.7'],
    [2, '203.0.113.7', '203.0.113.7'], // fewer entries than proxies: the leftmost, which a proxy wrote
    [1, '1.2.3.4, , 203.0.113.7', '203.0.113.7'],
  ])('with %i trusted hop(s) takes %j to be %j', async (hops, forwarded, expected) => {
    expect(await addressOf(hops, forwarded)).toBe(expected)
  })

  it('ignores X-Forwarded-For without a trusted proxy', async () => {
    expect(await addressOf(0, '1.2.3.4, 203.0.113.7')).toBe('unknown')
  })

  it('falls back to the socket when a trusted proxy sent no X-Forwarded-For', async () => {
    expect(await addressOf(1)).toBe('unknown')
    expect(await addressOf(1, ' , ')).toBe('unknown')
  })
})

describe('rate limits behind a trusted proxy', () => {
  let t: Awaited<ReturnType<typeof tempDb>>
  beforeEach(async () => {
    t = await tempDb()
  })
  afterEach(async () => {
    await t.cleanup()
  })

  const limited = (hops?: number) =>
    testApp(t.db, {
      trustProxy: true,
      ...(hops === undefined ? {} : { trustProxyHops: hops }),
      rateLimits: {
        activation: { points: 30, seconds: 900 },
        signIn: { points: 3, seconds: 300 },
        invitations: { points: 30, seconds: 600 },
      },
    })

  it('counts requests with a different spoofed first hop against the proxy-appended address', async () => {
    const a = limited()
    const statuses = []
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await call(a.app, 'POST', '/api/session/options', {
            headers: { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.7` },
          })
        ).status,
      )
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    // Another client behind the same proxy has its own budget.
    const other = await call(a.app, 'POST', '/api/session/options', {
      headers: { 'x-forwarded-for': '203.0.113.8' },
    })
    expect(other.status).toBe(200)
  })

  it('counts from the right over the configured number of hops', async () => {
    const a = limited(2)
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push(
        (
          await call(a.app, 'POST', '/api/session/options', {
            headers: { 'x-forwarded-for': `10.9.${i}.1, 198.51.100.4, 10.0.0.${i}` },
          })
        ).status,
      )
    expect(statuses).toEqual([200, 200, 200, 429])
  })
})

describe('TRUST_PROXY_HOPS', () => {
  it('is 1 with TRUST_PROXY=true, 0 without it, and as configured', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxyHops).toBe(1)
    expect(loadConfig({}).trustProxyHops).toBe(0)
    expect(loadConfig({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2)
  })

  it('is refused without TRUST_PROXY and out of range', () => {
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '2' })).toThrow(/TRUST_PROXY_HOPS/)
    expect(() => loadConfig({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '0' })).toThrow(/TRUST_PROXY_HOPS/)
  })
})
