import { randomBytes } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import { versionObjections } from '../../db/repositories/roll-objections'
import {
  insertRollVersion,
  insertRollVersionUse,
  latestRollVersion,
  meetingsUsingVersion,
  rollVersionNumbered,
  rollVersionsOf,
  type RollVersionRow,
} from '../../db/repositories/roll-versions'
import type { Database } from '../../db/schema'
import { formatAreaM2 } from '../domain/area'
import {
  checkAnswers,
  compareVersions,
  rollSha256,
  versionLabel,
  type VersionObjection,
  type VersionUnit,
} from '../domain/roll-version'
import type { RollUnit } from '../domain/voting-rights'
import { AppError, conflict, notFound } from '../errors'
import { appendAudit } from './audit'
import { pseudonym, type Who } from './meetings'
import type { RollVersionQuery } from '../routes/publications.schema'
import { loadPublishedRoll, publishUnit } from './published-roll'

/**
 * The roll confirmed as a publication (domain §7.3 (3)): conveners publish numbered, frozen versions of the roll as
 * owners see it; owners object to the latest; an upheld objection is corrected on the roll (by the roll's own
 * change path, an import) and answered by the corrected version that names it. A version's hash is the bundle's
 * `roll.sha256` (results-bundle.md) over the units with owners pseudonymous under the estate's version salt, so a
 * meeting whose electorate is that roll carries the same hash in its bundle.
 */

export interface VersionTotals {
  readonly units: number
  readonly heads: number
  readonly areaCm2: number
  readonly countParking: boolean
}

/** The bundle's units of a roll: owners (roll owner ids, as a snapshot keeps them) pseudonymous under `salt`. */
export function bundleUnits(units: readonly RollUnit[], salt: string): RollUnit[] {
  return units.map((u) => ({ ...u, owners: u.owners.map((o) => pseudonym(salt, o)) }))
}

async function objectionIndex(db: Db, estateId: string, versions: readonly RollVersionRow[]) {
  const correctedBy = new Map<number, number>()
  for (const v of versions)
    for (const id of JSON.parse(v.answers_json) as number[]) correctedBy.set(id, v.number)
  const objections = await versionObjections(db, estateId)
  return new Map<number, VersionObjection>(
    objections.map((o) => [
      o.id,
      { id: o.id, versionId: o.versionId, decision: o.decision, correctedBy: correctedBy.get(o.id) ?? null },
    ]),
  )
}

/**
 * Publishes the roll as it stands as the estate's next version (第N版), naming the upheld objections it corrects.
 * Refused when the roll is empty, when it equals the latest version, or when an objection named was not upheld or
 * was corrected already; nothing is written then.
 */
export async function publishRollVersion(
  db: Db,
  input: { estateId: string; note: string; answers: readonly number[] },
  who: Who,
): Promise<{ number: number; sha256: string }> {
  return db.transaction().execute(async (trx) => {
    const { rows, totals, countParking } = await loadPublishedRoll(trx, input.estateId)
    if (rows.length === 0) throw conflict('roll_empty', 'The roll has no units to publish')
    const versions = await rollVersionsOf(trx, input.estateId)
    const previous = versions[0]
    // One salt per estate: the same roll always has the same hash, in every version and every meeting's bundle.
    const salt = previous?.salt ?? randomBytes(32).toString('base64url')
    const units = bundleUnits(
      rows.map((r) => ({
        id: r.number,
        building: r.building,
        kind: r.kind,
        areaCm2: r.areaCm2,
        owners: r.owners.map((o) => String(o.id)),
        developerHeld: r.developerHeld,
      })),
      salt,
    )
    const sha256 = rollSha256(units)
    if (previous && previous.sha256 === sha256)
      throw conflict('roll_version_unchanged', `The roll is ${versionLabel(previous.number)} unchanged`)
    const answers = [...new Set(input.answers)]
    const problem = checkAnswers(answers, await objectionIndex(trx, input.estateId, versions))
    if (problem?.code === 'objection_not_upheld')
      throw conflict(problem.code, `Objection ${problem.objection} is not an upheld objection to a version`)
    if (problem)
      throw conflict(
        problem.code,
        `Objection ${problem.objection} was corrected by ${versionLabel(problem.version)}`,
      )
    const number = (previous?.number ?? 0) + 1
    const published: VersionUnit[] = rows.map((r) => {
      const p = publishUnit(r)
      return {
        number: p.number,
        building: p.building,
        kind: p.kind,
        areaCm2: p.areaCm2,
        areaSource: p.areaSource,
        owners: p.owners,
        developerHeld: p.developerHeld,
      }
    })
    const versionTotals: VersionTotals = {
      units: rows.length,
      heads: totals.heads,
      areaCm2: totals.areaCm2,
      countParking,
    }
    const at = who.now.toISOString()
    await insertRollVersion(trx, {
      estate_id: input.estateId,
      number,
      sha256,
      salt,
      units_json: JSON.stringify(units),
      published_json: JSON.stringify(published),
      totals_json: JSON.stringify(versionTotals),
      answers_json: JSON.stringify(answers),
      note: input.note,
      published_by: who.actor,
      published_at: at,
    })
    await appendAudit(trx, {
      actor: who.actor,
      role: who.role,
      action: 'roll.version_published',
      estateId: input.estateId,
      subject: versionLabel(number),
      ...(previous ? { before: { number: previous.number, sha256: previous.sha256 } } : {}),
      after: { number, sha256, units: rows.length, answers, note: input.note },
      at: who.now,
    })
    return { number, sha256 }
  })
}

function presentHead(v: RollVersionRow) {
  const totals = JSON.parse(v.totals_json) as VersionTotals
  return {
    number: v.number,
    label: versionLabel(v.number),
    sha256: v.sha256,
    publishedAt: v.published_at,
    note: v.note,
    totals: { ...totals, area: formatAreaM2(totals.areaCm2) },
    answers: JSON.parse(v.answers_json) as number[],
  }
}

/** The estate's versions, newest first (the first is the final one). */
export async function listRollVersions(db: Db, estateId: string) {
  const versions = await rollVersionsOf(db, estateId)
  return { versions: versions.map(presentHead) }
}

/** The final roll version: the latest published, which a first meeting's electorate must equal (domain §7.3 (4)). */
export async function finalRollVersion(db: Db, estateId: string): Promise<RollVersionRow | undefined> {
  return latestRollVersion(db, estateId)
}

async function versionOrThrow(db: Db, estateId: string, number: number): Promise<RollVersionRow> {
  const v = await rollVersionNumbered(db, estateId, number)
  if (!v) throw notFound('roll_version_not_found', `No roll version ${number}`)
  return v
}

/**
 * One version as the public reads it: its number, date, hash and totals, the units as the published roll shows
 * them (masked names), the objections made to it with the conveners' decisions and answers, the later version
 * that corrected each upheld one, and the meetings whose electorate was this roll.
 */
/**
 * A version's published units, parsed once: a version never changes (a few of them kept, the oldest dropped). Kept
 * per database handle, as roll-version.ts keeps its derivations: a row id is unique in one database only, and a
 * process may hold several (the tests, a simulation beside the server).
 */
const parsedUnits = new WeakMap<Db, Map<number, readonly VersionUnit[]>>()
function unitsOf(db: Db, v: RollVersionRow): readonly VersionUnit[] {
  let byId = parsedUnits.get(db)
  if (!byId) parsedUnits.set(db, (byId = new Map()))
  let units = byId.get(v.id)
  if (!units) {
    units = JSON.parse(v.published_json) as VersionUnit[]
    byId.set(v.id, units)
    if (byId.size > 8) byId.delete(byId.keys().next().value as number)
  }
  return units
}

export async function rollVersionView(
  db: Db,
  estateId: string,
  number: number,
  page: RollVersionQuery = { offset: 0, limit: 200 },
) {
  const v = await versionOrThrow(db, estateId, number)
  const versions = await rollVersionsOf(db, estateId)
  const index = await objectionIndex(db, estateId, versions)
  const all = await versionObjections(db, estateId)
  const present = (o: (typeof all)[number]) => ({
    id: o.id,
    unit: o.unit,
    text: o.text,
    at: o.at,
    decision: o.decision,
    answer: o.answer,
    answeredAt: o.answeredAt,
    correctedBy: index.get(o.id)?.correctedBy ?? null,
  })
  const objections = all.filter((o) => o.versionId === v.id).map(present)
  // The upheld objections to earlier versions that this one corrects, with their answers.
  const answered = new Set(JSON.parse(v.answers_json) as number[])
  const corrects = all.filter((o) => answered.has(o.id)).map(present)
  const usedBy = (await meetingsUsingVersion(db, v.id)).map((m) => ({ id: m.id, title: m.title }))
  const q = page.q?.normalize('NFKC').toLowerCase()
  const matching = q ? unitsOf(db, v).filter((u) => u.number.toLowerCase().includes(q)) : unitsOf(db, v)
  const units = matching
    .slice(page.offset, page.offset + page.limit)
    .map((u) => ({ ...u, area: formatAreaM2(u.areaCm2) }))
  return {
    ...presentHead(v),
    final: versions[0]?.id === v.id,
    matched: matching.length,
    offset: page.offset,
    units,
    objections,
    corrects,
    usedBy,
  }
}

/** Two versions side by side, unit by unit, with both hashes. */
export async function compareRollVersions(db: Db, estateId: string, a: number, b: number) {
  const [before, after] = await Promise.all([
    versionOrThrow(db, estateId, a),
    versionOrThrow(db, estateId, b),
  ])
  const units = (v: RollVersionRow) => unitsOf(db, v)
  const withArea = (u: VersionUnit) => ({ ...u, area: formatAreaM2(u.areaCm2) })
  const c = compareVersions(units(before), units(after))
  return {
    before: presentHead(before),
    after: presentHead(after),
    sameHash: before.sha256 === after.sha256,
    added: c.added.map(withArea),
    removed: c.removed.map(withArea),
    changed: c.changed.map((ch) => ({ ...ch, before: withArea(ch.before), after: withArea(ch.after) })),
    unchanged: c.unchanged,
  }
}

/**
 * At notice (inside its transaction): when the estate has published versions, the meeting's frozen electorate must
 * be the final one (domain §7.3 (4): the first meeting's electorate is the final published roll version). Its hash
 * is computed as the bundle's, under the estate's version salt; a match is recorded, so the bundle names the
 * version and the version page the meeting. Refused with `roll_version_mismatch` otherwise.
 */
export async function checkNoticeRoll(
  trx: Transaction<Database>,
  m: { meetingId: string; estateId: string; units: readonly RollUnit[] },
  who: Who,
): Promise<void> {
  const final = await latestRollVersion(trx, m.estateId)
  if (!final) return
  const sha256 = rollSha256(bundleUnits(m.units, final.salt))
  if (sha256 !== final.sha256)
    throw new AppError(
      'roll_version_mismatch',
      `The meeting's electorate is not the final published roll (${versionLabel(final.number)}): publish a new version first`,
      { version: final.number, versionSha256: final.sha256, electorateSha256: sha256 },
    )
  await insertRollVersionUse(trx, {
    meetingId: m.meetingId,
    versionId: final.id,
    sha256,
    at: who.now.toISOString(),
  })
}
