/**
 * `npm run simulate -- --formation --roll FILE --seed N --out DIR [--turnout 0.8]`: forming an estate's first
 * assembly end to end through the services on a temporary database with a simulated clock (domain §7): the
 * application, the preparatory group and its member list, the roll published as 第1版 with two owners' objections
 * (one upheld, corrected as 第2版; one rejected), the rules of procedure, management covenant and maintenance-fund
 * covenant drafted from the templates and published, the first meeting designated and played over every channel
 * (Simulation.run) with matters adopting those documents and electing the committee, its final result, the outcome
 * (assembly formed), the term, the committee's first meeting electing chair and vice-chair with passkey-confirmed
 * votes, the announcement, the filing package (DIR/filing/) and the street office's filing record.
 * DIR/bundle.json is the first meeting's results bundle (`npm run verify` accepts it); its `roll` names the final
 * roll version and carries its hash.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Db } from '../../db/client'
import { isElectionResult } from '../../server/domain/bundle'
import { chinaDate, DAY_MS } from '../../server/domain/calendar'
import {
  missingParts,
  filingPackageInput,
  buildFilingPackage,
  writeFilingDirectory,
} from '../../server/services/filing-package'
import { designateFirstMeeting, readFormation, recordFiling } from '../../server/services/formation'
import { filingPartsOf, recordTraining, recordUndertaking } from '../../server/services/formation-filing'
import { importRoll } from '../../server/services/import-roll'
import { loadMeeting, meetingAt } from '../../server/services/meetings'
import { announceMembers } from '../../server/services/committee'
import { createStaff } from '../../server/services/staff-accounts'
import { Simulation, type SimulatedMatter } from '../../server/demo/simulate'
import { SoftAuthenticator } from '../../server/demo/soft-authenticator'
import { prng } from '../../server/demo/prng'
import { linkMatterDocument, publishFromTemplate, type PublishedDocument } from '../../server/demo/documents'
import { electFirstOfficers, makeTerm, sittingMembers } from '../../server/demo/committee'
import { correctRoll, formationUpToObjections, type FormationStep } from '../../server/demo/formation'
import { printErrors, type CommandIo } from '../cli'

const ESTATE = 'formation'
const ESTATE_NAME = '模拟小区 Simulated estate'
const ORIGIN = 'http://localhost'
/** The application on 2 March 2026, 10:00 China time: a fixed calendar (no public holiday moves a period), so runs with the same seed match. */
const APPLIED_AT = Date.parse('2026-03-02T02:00:00Z')
const at = (day: number) => new Date(APPLIED_AT + day * DAY_MS)
const HOUR = 3_600_000

const STREET_OFFICE = 'system:simulation-street-office'
const CONVENER = 'system:simulation-convener'
const SEATS = 5

/** The first meeting's agenda (domain §7.4): the rules, the covenant, the fund's covenant, the committee. */
async function firstMeetingAgenda(sim: Simulation): Promise<SimulatedMatter[]> {
  const election = await sim.election('选举第一届业主委员会 Elect the first owners’ committee', SEATS, 7)
  return [
    {
      definition: {
        kind: 'rules_of_procedure',
        title: '通过业主大会议事规则 Adopt the rules of procedure',
        body: '表决《业主大会议事规则》（第1版，随会议通知公告）。',
      },
      mood: { kind: 'resolution', yes: 820, no: 120 },
    },
    {
      definition: {
        kind: 'management_covenant',
        title: '通过管理规约 Adopt the management covenant',
        body: '表决《管理规约》（第1版，随会议通知公告）。',
      },
      mood: { kind: 'resolution', yes: 800, no: 140 },
    },
    {
      definition: {
        kind: 'other_major',
        title: '通过维修资金管理规约 Adopt the maintenance-fund covenant',
        body: '表决《维修资金管理规约》（第1版，随会议通知公告）。',
      },
      mood: { kind: 'resolution', yes: 860, no: 100 },
    },
    // Five candidates most owners approve, two few do: the committee is formed (domain §7.4).
    { ...election, mood: { kind: 'election', approve: [900, 880, 860, 840, 820, 260, 220] } },
  ]
}

export interface FormationRun {
  readonly seed: number
  readonly turnout: { readonly num: number; readonly den: number }
  readonly turnoutText: string
  readonly roll: string
  readonly out: string
}

/** Runs the formation on a fresh, migrated database; 0 on success, 2 on an invalid roll (nothing is written). */
export async function simulateFormation(db: Db, run: FormationRun, io: CommandIo): Promise<number> {
  const t0 = performance.now()
  const file = await readFile(run.roll)
  const steps: FormationStep[] = []
  const imported = await importRoll(db, {
    estateId: ESTATE,
    estateName: ESTATE_NAME,
    fileName: basename(run.roll),
    file,
    actor: 'system:simulation',
    role: 'system',
    now: () => at(-30),
  })
  if (!imported.ok) {
    printErrors(imported.errors, io)
    return 2
  }
  await mkdir(run.out, { recursive: true })
  const passkeys = { rpID: new URL(ORIGIN).hostname, rpName: '共决 Gongjue', origin: ORIGIN }
  const sim = new Simulation(db, ESTATE, {
    passkeys,
    newPhone: () => new SoftAuthenticator(ORIGIN),
    random: prng(run.seed),
    convener: CONVENER,
  })
  const who = (actor: string, role: string, now: Date) => ({ actor, role, now })

  // §7.1–7.3: application, group, member list, 第1版 and the objections, both answered.
  const early = await formationUpToObjections(db, sim, {
    estateId: ESTATE,
    at,
    streetOffice: STREET_OFFICE,
    leader: CONVENER,
    origin: ORIGIN,
    answer: 'both',
  })
  steps.push(...early.steps)
  const upheld = early.objections[0]
  if (!upheld) throw new Error('no objection was made to the roll')
  // The upheld objection corrected on the roll, and published as the next version naming it.
  const v2 = await correctRoll(db, {
    estateId: ESTATE,
    estateName: ESTATE_NAME,
    file,
    fileName: basename(run.roll),
    unit: upheld.unit,
    objectionId: upheld.id,
    actor: CONVENER,
    now: at(12),
  })
  steps.push({
    step: 'roll_version',
    at: at(12).toISOString(),
    outcome: 'published',
    version: v2.number,
    sha256: v2.sha256,
    corrects: [upheld.id],
  })

  // §7.3: the documents drafted from the templates and published with the first meeting.
  const documents: PublishedDocument[] = []
  for (const template of ['rules_of_procedure', 'management_covenant', 'maintenance_fund_covenant'] as const)
    documents.push(await publishFromTemplate(db, ESTATE, template, who(CONVENER, 'convener', at(13))))
  steps.push({
    step: 'documents',
    at: at(13).toISOString(),
    outcome: 'published',
    documents: documents.map((d) => ({ kind: d.kind, version: d.version, sha256: d.sha256 })),
  })

  // §7.4: the first meeting, designated while a draft, its matters linked to the documents they adopt.
  const noticeAt = at(14)
  const report = await sim.run({
    title: '首次业主大会会议（模拟） First owners’ assembly meeting (simulated)',
    matters: await firstMeetingAgenda(sim),
    noticeAt,
    windowDays: 14,
    turnout: run.turnout,
    publish: true,
    beforeNotice: async (meetingId) => {
      const w = who(CONVENER, 'convener', noticeAt)
      await designateFirstMeeting(
        db,
        ESTATE,
        {
          meetingId,
          rulesOfProcedure: 'q1',
          managementCovenant: 'q2',
          maintenanceFundCovenant: 'q3',
          election: 'q4',
        },
        w,
      )
      for (const [i, doc] of documents.entries())
        await linkMatterDocument(db, ESTATE, { meetingId, matterId: `q${i + 1}`, doc }, w)
    },
  })
  const { bundle, results } = report
  if (!bundle || !results) throw new Error('the first meeting was not published')
  // DIR/bundle.json: the first meeting's results bundle exactly as published, whatever the outcome.
  await writeFile(join(run.out, 'bundle.json'), bundle.text)
  const bundleRoll = (JSON.parse(bundle.text) as { roll?: { version: number; sha256: string } }).roll ?? null
  const election = results.find(isElectionResult)
  const bundleSha256 = bundle.sha256
  steps.push({
    step: 'first_meeting',
    at: noticeAt.toISOString(),
    outcome: 'noticed',
    meetingId: report.meetingId,
    opensAt: report.opensAt,
    closesAt: report.closesAt,
  })
  const supervisor = await createStaff(
    db,
    { displayName: '居委会监督员 Supervisor', role: 'supervisor', estateId: ESTATE, origin: ORIGIN },
    who('system:simulation', 'system', noticeAt),
  )
  const finalAt = await sim.publishFinal(report.meetingId, {
    accountId: supervisor.accountId,
    actor: `account:${supervisor.accountId}`,
  })
  steps.push({
    step: 'final_result',
    at: finalAt.toISOString(),
    outcome: 'final',
    bundleSha256: bundle.sha256,
    matters: results.map((r) => ({ id: r.matter, kind: r.kind, outcome: r.outcome })),
  })

  const formation = await readFormation(db, ESTATE, 'staff', new Date(finalAt.getTime() + HOUR))
  const outcome = formation.outcome?.outcome ?? 'none'
  steps.push({ step: 'outcome', at: finalAt.toISOString(), outcome })
  if (outcome !== 'assembly_formed') return printed(1)

  // §7.5 and §8: the term, the committee's first meeting electing chair and vice-chair, the announcement.
  const term = await makeTerm(
    db,
    ESTATE,
    { meetingId: report.meetingId, matterId: 'q4', number: 1, finalAt },
    who(CONVENER, 'convener', new Date(finalAt.getTime() + HOUR)),
  )
  steps.push({
    step: 'committee_term',
    at: new Date(finalAt.getTime() + HOUR).toISOString(),
    outcome: 'created',
    seats: term.term?.seats ?? SEATS,
    startsOn: term.term?.startsOn,
    endsOn: term.term?.endsOn,
  })
  const heldAt = new Date(finalAt.getTime() + DAY_MS)
  const {
    chair,
    vice,
    meeting: seating,
  } = await electFirstOfficers(db, sim, passkeys, ESTATE, heldAt, CONVENER)
  const seated = seating.outcomes[0]?.outcome ?? 'none'
  steps.push({
    step: 'seating',
    at: heldAt.toISOString(),
    outcome: seated === 'passed' ? 'officers_elected' : `officers_${seated}`,
    chair: chair.name,
    viceChair: vice.name,
  })
  const announcedAt = new Date(heldAt.getTime() + 4 * HOUR)
  // The seating is the committee's resolution above; the group's page reads it from there (domain §7.5).
  await announceMembers(db, ESTATE, who(CONVENER, 'convener', announcedAt))
  steps.push({ step: 'announcement', at: announcedAt.toISOString(), outcome: 'published' })

  // §7.6: each member's written undertaking and the training, signed and held on the seating's day, recorded the day
  // after; then the filing package with the documents the meeting adopted and the term's members.
  const packedAt = new Date(finalAt.getTime() + 3 * DAY_MS)
  const recordedAt = new Date(heldAt.getTime() + DAY_MS)
  const sitting = await sittingMembers(db, ESTATE)
  for (const member of sitting)
    await recordUndertaking(
      db,
      ESTATE,
      member.id,
      { signedOn: chinaDate(heldAt.getTime()) },
      who(CONVENER, 'convener', recordedAt),
    )
  await recordTraining(
    db,
    ESTATE,
    {
      heldOn: chinaDate(heldAt.getTime()),
      topic: '业主委员会委员履职培训（街道办事处组织）',
      attendees: sitting.map((member) => member.id),
    },
    who(STREET_OFFICE, 'street_office', recordedAt),
  )
  const m = meetingAt(await loadMeeting(db, report.meetingId), packedAt)
  const input = await filingPackageInput(db, m, await filingPartsOf(db, ESTATE, report.meetingId), packedAt)
  const pkg = buildFilingPackage(input)
  const filingDir = join(run.out, 'filing')
  const written = await writeFilingDirectory(filingDir, pkg)
  const missing = missingParts(input)
  steps.push({
    step: 'filing_package',
    at: packedAt.toISOString(),
    outcome: missing.length === 0 ? 'complete' : 'missing_parts',
    files: written.length,
    missing,
  })
  const filedAt = new Date(finalAt.getTime() + 10 * DAY_MS)
  // 届别, the term and the chair come from the committee's term; the street office gives the office's address.
  await recordFiling(
    db,
    ESTATE,
    { officeAddress: '模拟小区物业服务中心二楼 业主委员会办公室' },
    who(STREET_OFFICE, 'street_office', filedAt),
  )
  const filed = await readFormation(db, ESTATE, 'staff', filedAt)
  steps.push({ step: 'filing_record', at: filedAt.toISOString(), outcome: filed.stage })
  return printed(0)

  /** The one JSON object printed: the facts of the run, the roll versions' hashes and every step's outcome. */
  function printed(code: number): number {
    const versions = steps.filter((s) => s.step === 'roll_version')
    const final = versions.at(-1)
    io.out(
      JSON.stringify({
        formation: true,
        out: run.out,
        bundle: join(run.out, 'bundle.json'),
        filing: join(run.out, 'filing'),
        seed: run.seed,
        turnout: run.turnoutText,
        roll: {
          versions: versions.map((v) => ({ version: v['version'], sha256: v['sha256'] })),
          finalVersion: final?.['version'],
          finalSha256: final?.['sha256'],
          bundle: bundleRoll,
        },
        meetingId: report.meetingId,
        voters: report.voters,
        ballots: {
          ...report.ballots,
          total:
            report.ballots.online + report.ballots.paper + report.ballots.proxy + report.ballots.in_person,
        },
        invalidMarks: report.invalidMarks,
        mismatches: report.mismatches,
        proxies: report.proxies,
        activated: report.activated,
        bundleSha256,
        outcome,
        elected: election?.elected ?? [],
        steps,
        ms: Math.round(performance.now() - t0),
      }),
    )
    return code
  }
}
