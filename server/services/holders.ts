import { createHash, randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/client'
import {
  endRepresentatives,
  findEstateDocument,
  guardiansOfEstate,
  handOverAccount,
  hasEstateDocument,
  hasLiveGuardian,
  insertEstateDocument,
  insertGuardian,
  insertNomination,
  insertRepresentative,
  latestNominations,
  liveGuardiansForActivation,
  liveGuardiansOfOwners,
  liveRepresentative,
  representativesOfEstate,
  revokeGuardianRow,
  revokeRepresentativeRow,
} from '../../db/repositories/holders'
import { findUnit, ownerName, ownersOfUnitId, unitsOfOwners } from '../../db/repositories/roll'
import type { Database, EstateDocumentsTable } from '../../db/schema'
import { maskName } from '../domain/mask'
import { AppError, badRequest, conflict, notFound } from '../errors'
import { appendAudit } from './audit'
import { MAX_ATTACHMENT_BYTES, sniffType } from './meeting-records'
import type { Who } from './meetings'
import type { GuardianBody, NominationBody, RepresentativeBody } from '../routes/holders.schema'

/**
 * The people who act for a voter besides its owners (domain §3): the co-owners' named representative (指导规则
 * art. 25) and the guardian of a minor or incapacitated owner (民法典 arts. 23, 34). Each is a record with the signed
 * paper behind it, kept as an estate document; every change is audited.
 */

export type DocumentPurpose = EstateDocumentsTable['purpose']

export async function addEstateDocument(
  db: Db,
  estateId: string,
  input: { purpose: DocumentPurpose; fileName: string; bytes: Uint8Array },
  who: Who,
): Promise<{ id: string; mime: string; size: number; sha256: string }> {
  if (input.bytes.length === 0) throw badRequest('file_empty', 'The file is empty')
  if (input.bytes.length > MAX_ATTACHMENT_BYTES)
    throw new AppError('file_too_large', `Documents are at most ${MAX_ATTACHMENT_BYTES} bytes`)
  const mime = sniffType(input.bytes)
  if (!mime) throw new AppError('file_type_refused', 'Only PDF, JPEG, PNG or WebP files are accepted')
  const id = randomUUID()
  const sha256 = createHash('sha256').update(input.bytes).digest('hex')
  const fileName = input.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file'
  await db.transaction().execute(async (trx) => {
    await insertEstateDocument(trx, {
      id,
      estate_id: estateId,
      purpose: input.purpose,
      file_name: fileName,
      mime,
      size: input.bytes.length,
      sha256,
      data: input.bytes,
      created_by: who.actor,
      created_at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'document.added',
      estateId,
      subject: id,
      after: { purpose: input.purpose, fileName, mime, size: input.bytes.length, sha256 },
      at: who.now,
    })
  })
  return { id, mime, size: input.bytes.length, sha256 }
}

export async function getEstateDocument(db: Db, estateId: string, id: string) {
  const row = await findEstateDocument(db, estateId, id)
  if (!row) throw notFound('document_not_found', 'No such document')
  return row
}

async function documentOf(db: Db, estateId: string, id: string, purpose: DocumentPurpose) {
  if (!(await hasEstateDocument(db, estateId, id, purpose)))
    throw new AppError('document_missing', 'Upload the signed paper first')
}

/** The owners of a unit on the current roll, in listed order. */
export async function ownersOfUnit(db: Db, estateId: string, unit: string) {
  const found = await findUnit(db, estateId, unit)
  if (!found) throw notFound('roll_unit_not_found', `No unit "${unit}" on the roll`)
  return ownersOfUnitId(db, found.id)
}

/**
 * What a convener sees of a unit's people to record a representative or a guardian from the signed paper they
 * hold: the owners by name (they are on that paper), the live representative and guardians.
 */
export async function unitPeople(db: Db, estateId: string, unit: string) {
  const owners = await ownersOfUnit(db, estateId, unit)
  const rep = await liveRepresentative(db, estateId, unit)
  const guardians = await liveGuardiansOfOwners(
    db,
    estateId,
    owners.map((o) => o.id),
  )
  return {
    unit,
    owners: owners.map((o) => ({ ownerId: o.id, name: o.name })),
    representative: rep
      ? { id: rep.id, ownerId: rep.owner_id, source: rep.source, since: rep.recorded_at }
      : null,
    guardians: guardians.map((g) => ({
      id: g.id,
      ownerId: g.owner_id,
      name: g.name,
      relation: g.relation,
      since: g.recorded_at,
    })),
  }
}

async function coOwnersOf(db: Db, estateId: string, unit: string, ownerId: number) {
  const owners = await ownersOfUnit(db, estateId, unit)
  if (owners.length < 2)
    throw new AppError('not_co_owned', 'A representative is named for a unit with several owners')
  if (!owners.some((o) => o.id === ownerId))
    throw new AppError('not_an_owner', 'The representative must be one of the unit’s owners')
  return owners
}

/** Writes a representative, ending the one named before (a new nomination replaces the old). */
async function nameRepresentative(
  trx: Transaction<Database>,
  estateId: string,
  unit: string,
  ownerId: number,
  source: 'convener' | 'co_owners',
  documentId: string | null,
  who: Who,
): Promise<number> {
  const at = who.now.toISOString()
  const before = await endRepresentatives(trx, estateId, unit, { at, by: who.actor })
  const id = await insertRepresentative(trx, {
    estate_id: estateId,
    unit_number: unit,
    owner_id: ownerId,
    source,
    document_id: documentId,
    recorded_by: who.actor,
    recorded_at: at,
    revoked_at: null,
    revoked_by: null,
  })
  const name = await ownerName(trx, ownerId)
  await appendAudit(trx, {
    ...who,
    action: 'representative.named',
    estateId,
    subject: unit,
    before: before.length > 0 ? { representatives: before.map((b) => b.id) } : null,
    after: { representative: id, owner: maskName(name), source, document: documentId },
    at: who.now,
  })
  return id
}

/** A convener records the representative from the paper the co-owners signed. */
export async function recordRepresentative(
  db: Db,
  estateId: string,
  input: RepresentativeBody,
  who: Who,
): Promise<{ representativeId: number }> {
  await coOwnersOf(db, estateId, input.unit, input.ownerId)
  await documentOf(db, estateId, input.documentId, 'representative')
  const id = await db
    .transaction()
    .execute((trx) =>
      nameRepresentative(trx, estateId, input.unit, input.ownerId, 'convener', input.documentId, who),
    )
  return { representativeId: id }
}

export async function revokeRepresentative(db: Db, estateId: string, id: number, who: Who): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const unit = await revokeRepresentativeRow(trx, estateId, id, {
      at: who.now.toISOString(),
      by: who.actor,
    })
    if (unit === undefined)
      throw conflict('representative_not_live', 'No representative in force with this id')
    await appendAudit(trx, {
      ...who,
      action: 'representative.revoked',
      estateId,
      subject: unit,
      after: { representative: id },
      at: who.now,
    })
  })
}

/**
 * A co-owner nominates a representative in the app. Once every owner of the unit on the current roll has
 * nominated the same person, that person is named (a record signed by all the co-owners, 指导规则 art. 25).
 */
export async function nominateRepresentative(
  db: Db,
  estateId: string,
  input: NominationBody & { byOwnerId: number; byAccountId: string },
  who: Who,
): Promise<{ named: boolean; waitingFor: number }> {
  const owners = await coOwnersOf(db, estateId, input.unit, input.nomineeOwnerId)
  if (!owners.some((o) => o.id === input.byOwnerId))
    throw new AppError('not_your_unit', 'Only the unit’s owners nominate its representative')
  return db.transaction().execute(async (trx) => {
    await insertNomination(trx, {
      estate_id: estateId,
      unit_number: input.unit,
      nominee_owner_id: input.nomineeOwnerId,
      by_owner_id: input.byOwnerId,
      by_account_id: input.byAccountId,
      at: who.now.toISOString(),
    })
    await appendAudit(trx, {
      ...who,
      action: 'representative.nominated',
      estateId,
      subject: input.unit,
      after: { nominee: input.nomineeOwnerId, by: input.byOwnerId },
      at: who.now,
    })
    // Each co-owner's latest word counts: a co-owner may change their nomination.
    const latest = await latestNominations(trx, estateId, input.unit)
    const agreeing = owners.filter((o) => latest.get(o.id) === input.nomineeOwnerId).length
    const current = await liveRepresentative(trx, estateId, input.unit)
    if (agreeing < owners.length || current?.owner_id === input.nomineeOwnerId)
      return { named: current?.owner_id === input.nomineeOwnerId, waitingFor: owners.length - agreeing }
    await nameRepresentative(trx, estateId, input.unit, input.nomineeOwnerId, 'co_owners', null, who)
    return { named: true, waitingFor: 0 }
  })
}

export async function listRepresentatives(db: Db, estateId: string) {
  const rows = await representativesOfEstate(db, estateId)
  return rows.map((r) => ({
    id: r.id,
    unit: r.unit_number,
    representative: maskName(r.name),
    source: r.source,
    documentId: r.document_id,
    since: r.recorded_at,
  }))
}

// ---- guardians ------------------------------------------------------------------------------------------------

const LAST4 = /^[0-9X]{4}$/

/**
 * A convener records a guardian for an owner from the guardianship document. The account that acts for the owner
 * becomes the guardian's: if the owner had activated, their passkeys and sessions end (they no longer vote), and
 * the guardian activates with the voter's letter. Returns the sessions ended, for the session cache.
 */
export async function recordGuardian(
  db: Db,
  estateId: string,
  input: GuardianBody,
  who: Who,
): Promise<{ guardianId: number; revokedSessionIds: string[] }> {
  const owners = await ownersOfUnit(db, estateId, input.unit)
  if (!owners.some((o) => o.id === input.ownerId))
    throw new AppError('not_an_owner', 'The ward must be an owner of the unit')
  const idLast4 = input.idLast4.normalize('NFKC').trim().toUpperCase()
  if (!LAST4.test(idLast4))
    throw badRequest(
      'invalid_request',
      'idLast4: the last four characters of the guardian’s ID (digits or X)',
    )
  await documentOf(db, estateId, input.documentId, 'guardian')
  const at = who.now.toISOString()
  return db.transaction().execute(async (trx) => {
    if (await hasLiveGuardian(trx, input.ownerId))
      throw conflict('guardian_exists', 'This owner already has a guardian recorded; revoke it first')
    const guardianId = await insertGuardian(trx, {
      estate_id: estateId,
      owner_id: input.ownerId,
      name: input.name.normalize('NFKC').trim(),
      id_last4: idLast4,
      relation: input.relation.trim(),
      document_id: input.documentId,
      recorded_by: who.actor,
      recorded_at: at,
      revoked_at: null,
      revoked_by: null,
    })
    const ended = await handOverAccount(
      trx,
      input.ownerId,
      { guardianId, displayName: input.name },
      { at, by: who.actor },
    )
    await appendAudit(trx, {
      ...who,
      action: 'guardian.recorded',
      estateId,
      subject: input.unit,
      after: {
        guardian: guardianId,
        ward: maskName(owners.find((o) => o.id === input.ownerId)?.name ?? ''),
        guardianName: maskName(input.name),
        relation: input.relation,
        document: input.documentId,
        passkeysRevoked: ended.credentials,
      },
      at: who.now,
    })
    return { guardianId, revokedSessionIds: ended.sessions }
  })
}

export async function revokeGuardian(
  db: Db,
  estateId: string,
  id: number,
  who: Who,
): Promise<{ revokedSessionIds: string[] }> {
  return db.transaction().execute(async (trx) => {
    const wardId = await revokeGuardianRow(trx, estateId, id, { at: who.now.toISOString(), by: who.actor })
    if (wardId === undefined) throw conflict('guardian_not_live', 'No guardian in force with this id')
    const wardName = await ownerName(trx, wardId)
    // The guardian's passkeys end with the guardianship; the owner activates with a new letter.
    const ended = await handOverAccount(
      trx,
      wardId,
      { guardianId: null, displayName: wardName },
      { at: who.now.toISOString(), by: who.actor },
    )
    await appendAudit(trx, {
      ...who,
      action: 'guardian.revoked',
      estateId,
      subject: String(id),
      after: { guardian: id, passkeysRevoked: ended.credentials },
      at: who.now,
    })
    return { revokedSessionIds: ended.sessions }
  })
}

export async function listGuardians(db: Db, estateId: string) {
  const rows = await guardiansOfEstate(db, estateId)
  // The ward's units on the current roll, to find and revoke a guardian from the list.
  const units = await unitsOfOwners(
    db,
    rows.map((r) => r.owner_id),
  )
  return rows.map((r) => ({
    id: r.id,
    ownerId: r.owner_id,
    units: units.filter((u) => u.ownerId === r.owner_id).map((u) => u.unit),
    ward: maskName(r.ward),
    guardian: maskName(r.name),
    relation: r.relation,
    documentId: r.document_id,
    since: r.recorded_at,
  }))
}

/** The live guardian of each of the given owners, for activation (matched by name and the last four). */
export function guardiansOf(db: Db, ownerIds: readonly number[]) {
  return liveGuardiansForActivation(db, ownerIds)
}
