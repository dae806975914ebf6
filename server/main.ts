import { serve } from '@hono/node-server'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { migrate, openSqlite, type Db } from '../db/client'
import { SoftAuthenticator } from './demo/soft-authenticator'
import { prng } from './demo/prng'
import { createApp } from './app'
import { bootLines, logSafe, type DemoMeetingLine } from './boot-log'
import { scaledRateLimits } from './auth/rate-limit'
import { startChallengePurge } from './auth/challenges'
import { loadSessionSecret } from './auth/secret'
import { ConfigError, loadConfig } from './config'
import { smsFromEnv, SmsConfigError } from './sms/config'
import type { SmsSender } from './sms/sender'
import { DAY_MS } from './domain/calendar'
import { markInterruptedImports } from './services/import-roll'
import { demoLinks, type DemoLinks } from './demo/access'
import { seedDemoCommittee, seedDemoMeetings } from './demo/meetings'
import { FORMING_ESTATE, FORMING_ROLL_FILE, seedFormingEstate } from './demo/formation'
import { currentStatus, loadMeeting } from './services/meetings'
import { DEMO_ESTATE, seedDemo } from './demo/seed'
import { seedDemoSurveys } from './demo/surveys'
import { seedDemoDisclosures } from './demo/disclosures'
import { DEMO_AREA, seedDemoAreas } from './demo/areas'
import { currentTermRow } from '../db/repositories/committee'
import { findEstate } from '../db/repositories/estates'

async function main() {
  let config
  let sms: SmsSender
  try {
    config = loadConfig()
    sms = smsFromEnv()
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SmsConfigError) {
      console.error(e.message)
      process.exit(1)
    }
    throw e
  }
  // Development: the one-time codes go to this log. In production set SMS_PROVIDER (README, Security).
  if (sms.name === 'log')
    console.log('Text messages (SMS) are printed to this log: set SMS_PROVIDER=aliyun to send them (README)')
  const handle = openSqlite(config.databasePath)
  const applied = await migrate(handle.db)
  if (applied.length > 0) console.log(`Migrated ${resolve(config.databasePath)}: ${applied.join(', ')}`)
  const interrupted = await markInterruptedImports(handle.db)
  if (interrupted > 0) console.log(`Marked ${interrupted} interrupted roll import(s) as failed`)
  if (config.demoSeed) {
    // Demo fixture data is written without an fsync per commit (a crash half-way leaves an incomplete demo
    // either way); full durability is back before the server takes its first request.
    handle.dialect.setDurability('off')
    try {
      const now = new Date()
      // The roll is dated before the oldest demo meeting's notice (130 days back).
      if (await seedDemo(handle.db, config.demoRollPath, new Date(now.getTime() - 140 * DAY_MS))) {
        console.log(
          `Seeded the demo estate ${DEMO_ESTATE.name} (${DEMO_ESTATE.id}) from ${logSafe(config.demoRollPath)}`,
        )
        // The simulated owners' phones are software passkeys whose keys live only in this process.
        const passkeys = { rpID: config.rpId, rpName: '共决 Gongjue', origin: config.publicOrigin }
        const newPhone = () => new SoftAuthenticator(config.publicOrigin, config.rpId)
        let started = performance.now()
        await seedDemoMeetings(handle.db, { passkeys, newPhone, random: prng(DEMO_SEED), now })
        console.log(
          `Seeded two demo meetings (results published; voting open) in ${Math.round(performance.now() - started)} ms`,
        )
        started = performance.now()
        await seedDemoCommittee(handle.db, {
          passkeys,
          newPhone,
          random: prng(DEMO_SEED + 1),
          now,
          origin: config.publicOrigin,
        })
        console.log(
          `Seeded the demo committee (a meeting with its final result, the first term, two committee meetings, a ` +
            `vacancy filled) in ${Math.round(performance.now() - started)} ms`,
        )
        started = performance.now()
        await seedDemoSurveys(handle.db, DEMO_ESTATE.id, { now, random: prng(DEMO_SEED + 3) })
        console.log(
          `Seeded the demo satisfaction surveys (two closed, one below the pass mark; one open) in ` +
            `${Math.round(performance.now() - started)} ms`,
        )
        // After the committee, whose term's start is when the duty to disclose began, and the surveys.
        started = performance.now()
        await seedDemoDisclosures(handle.db, DEMO_ESTATE.id, { now })
        console.log(
          `Seeded the demo disclosures (a year of the maintenance fund and common income, the contract, the ` +
            `covenant in two versions, the committee's decisions, the closed surveys' results; working funds overdue) in ` +
            `${Math.round(performance.now() - started)} ms`,
        )
        // The estate being formed: its roll beside the demo roll (demo/roll-qingyuan.csv).
        const formingRoll = join(dirname(config.demoRollPath), FORMING_ROLL_FILE)
        started = performance.now()
        if (existsSync(formingRoll)) {
          await seedFormingEstate(handle.db, {
            rollPath: formingRoll,
            now,
            origin: config.publicOrigin,
            passkeys,
            newPhone,
            random: prng(DEMO_SEED + 2),
          })
          console.log(
            `Seeded the demo estate being formed ${FORMING_ESTATE.name} (${FORMING_ESTATE.id}) from ` +
              `${logSafe(formingRoll)} in ${Math.round(performance.now() - started)} ms`,
          )
        } else console.log(`No ${logSafe(formingRoll)}: the demo estate being formed is not seeded`)
        await seedDemoAreas(handle.db, now)
        console.log(
          `Seeded the demo street office ${DEMO_AREA.streetOffice.name} (${DEMO_AREA.district.name}) over the demo ` +
            `estates: its account oversees them at /oversight`,
        )
      }
    } finally {
      handle.dialect.setDurability('full')
    }
  }
  let links: DemoLinks | undefined
  let meetings: DemoMeetingLine[] = []
  let committee = false
  let forming: { id: string; name: string } | undefined
  if (
    config.demoSeed &&
    (await handle.db.selectFrom('estates').select('id').where('id', '=', DEMO_ESTATE.id).executeTakeFirst())
  ) {
    links = await demoLinks(handle.db, config.publicOrigin, new Date())
    meetings = await demoMeetings(handle.db, config.publicOrigin, new Date())
    committee = (await currentTermRow(handle.db, DEMO_ESTATE.id)) !== undefined
    if (await findEstate(handle.db, FORMING_ESTATE.id)) forming = FORMING_ESTATE
  }
  const {
    app,
    tracker,
    clock: meetingClock,
  } = createApp({
    sms,
    db: handle.db,
    origin: config.publicOrigin,
    rpId: config.rpId,
    sessionSecret: loadSessionSecret(config.sessionSecret, join(dirname(config.databasePath), 'session.key')),
    sessionTtlSeconds: config.sessionTtlSeconds,
    trustProxy: config.trustProxy,
    trustProxyHops: config.trustProxyHops,
    rateLimits: scaledRateLimits(config.rateLimitScale),
    maxUploadBytes: config.maxUploadBytes,
    webRoot: resolve('dist/web'),
  })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
    // Titles and names come from the database: boot-log.ts strips what a terminal would obey.
    const lines = bootLines(config.publicOrigin, {
      estate: DEMO_ESTATE,
      meetings,
      committee,
      ...(forming ? { forming } : {}),
      ...(links ? { links } : {}),
    })
    for (const line of lines) console.log(line)
  })

  // domain §6.1 "Close: automatic at the end time": the meeting clock opens meetings, ends online voting at the
  // close (after every ballot that arrived before it) and stores the tally when the counting period is over, now
  // and every 5 seconds. A read never changes a meeting's state.
  let closing: Promise<void> | undefined
  const closeDue = () => {
    closing ??= meetingClock
      .tick(new Date())
      .then((n) => {
        if (n > 0) console.log(`The meeting clock moved ${n} meeting(s) on`)
      })
      .catch((e: unknown) => console.error('[clock] closing due meetings failed:', e))
      .finally(() => {
        closing = undefined
      })
  }
  closeDue()
  const clock = setInterval(closeDue, 5_000)
  // domain §11: each district's figures of the month for the oversight page's 12 months, hourly — which also
  // gathers every estate's facts once a day, so that a street office's first look of the day reads kept rows.
  let recording: Promise<void> | undefined
  const recordMonth = () => {
    recording ??= meetingClock
      .oversight(new Date())
      .then(() => undefined)
      .catch((e: unknown) => console.error('[clock] recording the oversight figures failed:', e))
      .finally(() => {
        recording = undefined
      })
  }
  const firstRecord = setTimeout(recordMonth, 60_000)
  const monthly = setInterval(recordMonth, 3_600_000)
  // Passkey challenges expire in 5 minutes; those never answered are dropped every minute.
  const challengePurge = startChallengePurge(handle.db)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing running work and closing the database`)
    clearInterval(clock)
    clearTimeout(firstRecord)
    clearInterval(monthly)
    challengePurge.stop()
    server.close()
    void tracker
      .drain()
      .then(() => closing)
      .then(() => recording)
      .then(() => challengePurge.purged())
      .then(() => handle.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

/** The demo meetings' seed: fixed, so every fresh demo estate gets the same voters, channels and choices. */
const DEMO_SEED = 2026

/** The demo estate's meetings with their status by the clock, oldest first, to print their pages. */
async function demoMeetings(db: Db, origin: string, now: Date): Promise<DemoMeetingLine[]> {
  const rows = await db
    .selectFrom('meetings')
    .select('id')
    .where('estate_id', '=', DEMO_ESTATE.id)
    .orderBy('created_at')
    .execute()
  const out: DemoMeetingLine[] = []
  for (const r of rows) {
    const m = await loadMeeting(db, r.id)
    out.push({
      title: m.row.title,
      status: currentStatus(m, now),
      url: `${origin}/estates/${DEMO_ESTATE.id}/meetings/${r.id}`,
    })
  }
  return out
}

void main()
