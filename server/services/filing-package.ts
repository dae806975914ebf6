import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import JSZip from 'jszip'
import type { Db } from '../../db/client'
import { estateHeading } from '../../db/repositories/estates'
import { loadHolidayTable } from '../../db/repositories/holidays'
import { signoffsOf } from '../../db/repositories/meetings'
import type { MatterResult } from '../domain/bundle'
import { chinaDate } from '../domain/calendar'
import {
  FILING_DOCUMENT_KINDS,
  FILING_PART_NAMES,
  filingDue,
  undertakingsMissing,
  type FilingDocumentKind,
  type FilingPart,
} from '../domain/filing'
import { UNSAFE_TEXT } from '../domain/text'
import { AppError } from '../errors'
import { appendAudit } from './audit'
import {
  coverPage,
  decisionsPage,
  documentPage,
  membersPage,
  trainingPage,
  type CoverLine,
  type DecisionMatter,
  type DecisionsFacts,
  type MemberRole,
} from './filing-pages'
import { listObjections } from './meeting-records'
import { announcement, detailCsv, summaryCsv } from './meeting-results'
import type { LoadedMeeting, Who } from './meetings'

/**
 * The filing package (备案材料, domain §7.6; 上海 art. 23): what the street office receives within 30 days of the
 * committee's election — the meeting's record and decisions, 明细表 and 汇总表, the results file, the rules of
 * procedure, the management covenant, the maintenance-fund covenant, the members with their written undertakings
 * and the training record — with a cover page and an index (目录.txt) naming each file's SHA-256. A part not
 * given is named 缺 (missing) in the index and on the cover, never silently left out.
 *
 * `buildFilingPackage` is pure over a typed input; `filingPackageInput` gathers what exists for a meeting (the
 * meeting, its final results, the CSV exports) with what other parts of the house provide passed in (documents,
 * members, training); `downloadFilingPackage` is the audited download; `writeFilingDirectory` writes the files.
 */

export interface FilingDocument {
  readonly kind: FilingDocumentKind
  readonly title: string
  /** The version number of the document as adopted (第 N 版). */
  readonly version: number
  /** The SHA-256 of that version, as published and voted on. */
  readonly sha256: string
  readonly text: string
}

export interface FilingMember {
  /** Full name: members are officers of the assembly, named in full on its filings. */
  readonly name: string
  readonly unit: string
  readonly role: MemberRole
  /** The China date (YYYY-MM-DD) the written undertaking (承诺书) was signed, or null while it is missing. */
  readonly undertakingSignedOn: string | null
}

export interface FilingTraining {
  /** YYYY-MM-DD. */
  readonly date: string
  readonly topic: string
  /** The attendees by full name. */
  readonly attendees: readonly string[]
}

/** The parts other parts of the house provide; absent ones are named 缺. */
export interface FilingParts {
  readonly documents?: readonly FilingDocument[]
  /** null (or an empty list) while the committee's term and its members are not recorded. */
  readonly members?: readonly FilingMember[] | null
  readonly training?: FilingTraining | null
}

export interface FilingPackageInput extends Required<FilingParts> {
  readonly estate: { readonly id: string; readonly name: string }
  readonly meeting: {
    readonly id: string
    readonly title: string
    readonly noticedAt: string | null
    readonly opensAt: string
    readonly closesAt: string
    readonly preliminaryAt: string | null
    readonly finalAt: string
    readonly auditHead: string | null
  }
  /** The record of the meeting beside its decisions: objections with their answers, the supervisors' sign-offs. */
  readonly record: Pick<DecisionsFacts, 'objections' | 'signoffs'>
  /** The results bundle exactly as published: its bytes hash to `sha256`, the hash in the announcement. */
  readonly results: { readonly text: string; readonly sha256: string }
  /** Each matter with its result and the names of its candidates, as the announcement gives them. */
  readonly decisions: readonly DecisionMatter[]
  /** The export routes' answers, byte for byte (exports/detail.csv and exports/summary.csv). */
  readonly csv: { readonly detail: Uint8Array; readonly summary: Uint8Array }
  /** 24:00 China time of the last day of the filing period (上海 art. 23), ISO. */
  readonly filingDueAt: string
  /** When the package was made, ISO. */
  readonly generatedAt: string
}

export interface FilingFile {
  readonly path: string
  readonly bytes: Uint8Array
}

export interface FilingPackage {
  readonly files: readonly FilingFile[]
}

export const INDEX_PATH = '目录.txt'
const COVER_PATH = '00-封面.html'

/** Each part's file name; the order is the order of 上海 art. 23, numbered so that a file list sorts the same way. */
export const FILING_PATHS: Readonly<Record<FilingPart, string>> = {
  decisions: '01-会议记录和决定.html',
  detail: '02-明细表.csv',
  summary: '03-汇总表.csv',
  results: '04-表决结果文件.json',
  rules_of_procedure: '05-业主大会议事规则.html',
  management_covenant: '06-管理规约.html',
  maintenance_fund_covenant: '07-维修资金管理规约.html',
  members: '08-委员名单及承诺书.html',
  training: '09-培训记录.html',
}

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'))
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

interface Entry {
  readonly part: FilingPart | 'cover'
  readonly path: string
  readonly bytes: Uint8Array | null
  readonly note?: { readonly zh: string; readonly en: string }
}

/** The package's files: the index first, then the cover, then every part given, in order. Pure. */
export function buildFilingPackage(input: FilingPackageInput): FilingPackage {
  const h = { estateName: input.estate.name, meetingTitle: input.meeting.title }
  const entries: (Entry & { readonly part: FilingPart })[] = [
    {
      part: 'decisions',
      path: FILING_PATHS.decisions,
      bytes: utf8(
        decisionsPage(
          h,
          { ...input.meeting, ...input.record, bundleSha256: input.results.sha256 },
          input.decisions,
        ),
      ),
    },
    { part: 'detail', path: FILING_PATHS.detail, bytes: input.csv.detail },
    { part: 'summary', path: FILING_PATHS.summary, bytes: input.csv.summary },
    {
      part: 'results',
      path: FILING_PATHS.results,
      bytes: utf8(input.results.text),
    },
  ]
  for (const kind of FILING_DOCUMENT_KINDS) {
    // The latest version given of each kind: the one the meeting adopted.
    const doc = input.documents
      .filter((d) => d.kind === kind)
      .reduce<FilingDocument | null>((a, d) => (a === null || d.version > a.version ? d : a), null)
    entries.push({
      part: kind,
      path: FILING_PATHS[kind],
      bytes: doc ? utf8(documentPage(h, doc)) : null,
      ...(doc ? { note: { zh: `第 ${doc.version} 版`, en: `version ${doc.version}` } } : {}),
    })
  }
  const members = input.members ?? []
  const unsigned = undertakingsMissing(members.map((m) => ({ signedOn: m.undertakingSignedOn })))
  entries.push({
    part: 'members',
    path: FILING_PATHS.members,
    bytes: members.length > 0 ? utf8(membersPage(h, members)) : null,
    ...(members.length > 0 && unsigned > 0
      ? { note: { zh: `书面承诺书缺 ${unsigned} 份`, en: `${unsigned} written undertaking(s) missing` } }
      : {}),
  })
  entries.push({
    part: 'training',
    path: FILING_PATHS.training,
    bytes: input.training ? utf8(trainingPage(h, input.training)) : null,
  })

  const lines: CoverLine[] = entries.map((e) => ({
    part: e.part,
    path: e.bytes === null ? null : e.path,
    ...(e.note && e.bytes !== null ? { note: e.note.zh } : {}),
  }))
  const cover = utf8(
    coverPage(
      {
        ...h,
        opensAt: input.meeting.opensAt,
        closesAt: input.meeting.closesAt,
        electedOn: chinaDate(Date.parse(input.meeting.finalAt)),
        // The period ends at 24:00 of its last day: the day before that instant is the last day to file.
        dueOn: chinaDate(Date.parse(input.filingDueAt) - 1),
        generatedAt: input.generatedAt,
      },
      lines,
    ),
  )
  const all: Entry[] = [{ part: 'cover', path: COVER_PATH, bytes: cover }, ...entries]
  const files: FilingFile[] = all.flatMap((e) => (e.bytes === null ? [] : [{ path: e.path, bytes: e.bytes }]))
  return { files: [{ path: INDEX_PATH, bytes: utf8(indexText(input, all)) }, ...files] }
}

/**
 * 目录.txt: every file with what it is and its SHA-256, and every missing part as 缺. Plain text with a BOM and
 * CRLF lines, so that the street office's Notepad shows it as it is.
 */
function indexText(input: FilingPackageInput, entries: readonly Entry[]): string {
  const unsafe = new RegExp(UNSAFE_TEXT.source, 'gu')
  const clean = (s: string) => s.replace(unsafe, '')
  const out = [
    '备案材料目录 Filing package index',
    `小区 Estate: ${clean(input.estate.name)}`,
    `会议 Meeting: ${clean(input.meeting.title)}`,
    `选举产生 Elected: ${chinaDate(Date.parse(input.meeting.finalAt))}（最终结果公告 final result published）`,
    `备案期限 Due: ${chinaDate(Date.parse(input.filingDueAt) - 1)} 24:00 北京时间（上海 art. 23: 30 日内 within 30 days）`,
    `生成 Generated: ${beijingTime(input.generatedAt)} 北京时间`,
    '',
    '每个文件的 SHA-256 可用 sha256sum（Windows: certutil -hashfile 文件 SHA256）核对。',
    'Check each file with sha256sum (Windows: certutil -hashfile FILE SHA256).',
    '',
  ]
  entries.forEach((e, i) => {
    const n = String(i + 1).padStart(2, '0')
    const what =
      e.part === 'cover'
        ? '封面 cover page for the street office'
        : `${FILING_PART_NAMES[e.part].zh} ${FILING_PART_NAMES[e.part].en}`
    if (e.bytes === null) {
      out.push(`${n}  缺 missing: ${what}`, `    未随本包提供 not provided with this package`, '')
      return
    }
    out.push(`${n}  ${e.path}`, `    ${what}`)
    if (e.note) out.push(`    ${e.note.zh} ${e.note.en}`)
    out.push(`    SHA-256 ${sha256Hex(e.bytes)}`, '')
  })
  const missing = entries.filter((e) => e.bytes === null).length
  out.push(
    missing === 0
      ? '材料齐全 Every part is included.'
      : `缺 ${missing} 项 ${missing} part(s) missing: 见上文标“缺”者 see the lines marked 缺 above.`,
  )
  return '\uFEFF' + out.join('\r\n') + '\r\n'
}

/** 2027-01-09T02:00:00.000Z → 2027-01-09 10:00 (China time, UTC+8 all year). */
const beijingTime = (iso: string): string =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

/** The parts of a package that are missing, by name (for the audit record and the caller). */
export function missingParts(input: FilingPackageInput): FilingPart[] {
  const missing: FilingPart[] = []
  for (const kind of FILING_DOCUMENT_KINDS)
    if (!input.documents.some((d) => d.kind === kind)) missing.push(kind)
  if (!input.members || input.members.length === 0) missing.push('members')
  if (!input.training) missing.push('training')
  return missing
}

/**
 * The package as one zip archive. Every entry carries the same date (the final result's), so the same package
 * makes the same archive; names are UTF-8 (the zip's language flag set), which Windows' and macOS's own unzip read.
 */
export async function zipFilingPackage(pkg: FilingPackage, at: Date): Promise<Uint8Array> {
  const zip = new JSZip()
  for (const f of pkg.files) zip.file(f.path, f.bytes, { binary: true, date: at, createFolders: false })
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } })
}

/** Writes the package's files into `dir` (created if need be): `npm run simulate` writes DIR/filing/ with it. */
export async function writeFilingDirectory(dir: string, pkg: FilingPackage): Promise<string[]> {
  const written: string[] = []
  for (const f of pkg.files) {
    const path = join(dir, f.path)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, f.bytes)
    written.push(path)
  }
  return written
}

/** 备案材料-锦绣苑-2027-01-08.zip: the estate and the election date, without what a file name cannot hold. */
export function archiveName(input: Pick<FilingPackageInput, 'estate' | 'meeting'>): string {
  const unsafe = new RegExp(UNSAFE_TEXT.source, 'gu')
  const estate = input.estate.name
    .replace(unsafe, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .trim()
  return `备案材料-${estate}-${chinaDate(Date.parse(input.meeting.finalAt))}.zip`
}

const FINAL_ONLY = 'The filing package is made from the final result'

/**
 * What exists today for a final meeting (the meeting, its results, the two CSV exports, the announcement's
 * decisions) with the parts the caller provides. Refused unless the meeting is final: the filing follows the
 * election, and the election is decided only once the final result is published.
 */
export async function filingPackageInput(
  db: Db,
  m: LoadedMeeting,
  parts: FilingParts,
  generatedAt: Date,
): Promise<FilingPackageInput> {
  if (m.status !== 'final' || m.row.final_at === null || !m.row.results_json || !m.row.bundle_sha256)
    throw new AppError('meeting_not_final', FINAL_ONLY, { status: m.status })
  const [estate, ann, detail, holidays, objections, signoffs] = await Promise.all([
    estateHeading(db, m.row.estate_id),
    announcement(db, m),
    detailCsv(db, m),
    loadHolidayTable(db),
    listObjections(db, m.row.id),
    signoffsOf(db, m.row.estate_id, m.row.id),
  ])
  return {
    estate,
    meeting: {
      id: m.row.id,
      title: m.row.title,
      noticedAt: m.row.noticed_at,
      opensAt: m.row.opens_at,
      closesAt: m.row.closes_at,
      preliminaryAt: m.row.preliminary_at,
      finalAt: m.row.final_at,
      auditHead: m.row.audit_head,
    },
    record: {
      objections: objections.map((o) => ({
        at: o.at,
        text: o.text,
        answer: o.answer,
        answeredAt: o.answeredAt,
      })),
      signoffs: signoffs.map((x) => ({
        at: x.at,
        decision: x.decision === 'approve' ? 'approve' : 'object',
        by: x.by,
        note: x.note,
      })),
    },
    results: { text: m.row.results_json, sha256: m.row.bundle_sha256 },
    decisions: ann.matters.map((x) => ({
      title: x.title,
      result: x.result as MatterResult,
      candidates: x.candidates ?? [],
    })),
    csv: { detail: utf8(detail), summary: utf8(summaryCsv(m)) },
    filingDueAt: new Date(filingDue(Date.parse(m.row.final_at), holidays).at).toISOString(),
    generatedAt: generatedAt.toISOString(),
    documents: parts.documents ?? [],
    members: parts.members ?? null,
    training: parts.training ?? null,
  }
}

/**
 * The package of a final meeting as files, not audited: for `npm run simulate`, which runs its own meeting on its own
 * database and writes DIR/filing/ with `writeFilingDirectory(join(dir, 'filing'), await filingPackageOf(…))`.
 */
export async function filingPackageOf(
  db: Db,
  m: LoadedMeeting,
  parts: FilingParts,
  at: Date,
): Promise<FilingPackage> {
  return buildFilingPackage(await filingPackageInput(db, m, parts, at))
}

/**
 * The package of a final meeting as a zip, for the estate's staff. It holds the 明细表 and the full results file,
 * which link units to choices (domain §12): every download is audited, like the bundle's.
 */
export async function downloadFilingPackage(
  db: Db,
  m: LoadedMeeting,
  who: Who,
  parts: FilingParts = {},
): Promise<{ zip: Uint8Array; sha256: string; missing: FilingPart[]; fileName: string }> {
  const input = await filingPackageInput(db, m, parts, who.now)
  const zip = await zipFilingPackage(buildFilingPackage(input), new Date(input.meeting.finalAt))
  const sha256 = sha256Hex(zip)
  const missing = missingParts(input)
  await db.transaction().execute((trx) =>
    appendAudit(trx, {
      ...who,
      action: 'filing_package.downloaded',
      estateId: m.row.estate_id,
      subject: m.row.id,
      after: { bundleSha256: input.results.sha256, packageSha256: sha256, missing },
      at: who.now,
    }),
  )
  return { zip, sha256, missing, fileName: archiveName(input) }
}
