/**
 * What `npm run verify` does (scripts/verify.ts is its entry point), as a function of the command line that returns
 * the exit code and what to print, so that tests can run it in-process.
 *
 *   npm run verify -- FILE [--json]                    a full bundle (gongjue.results/1) or a public summary
 *                                                      (gongjue.results-summary/1), told apart by its `format`
 *   npm run verify -- FULL --summary SUMMARY [--json]  also: was SUMMARY derived from FULL (hash and content)?
 *
 * Exit codes as results-bundle.md "The verifier" says: 0 valid and consistent; 1 valid but the results (or the
 * summary) differ from what follows from the data; 2 invalid, unreadable, not JSON, or bad usage. --json prints the
 * recomputed (bundle) or checked (summary) results array on stdout; problems and differences then go to stderr,
 * so stdout stays pure JSON.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { Bundle, MatterResult } from '../../server/domain/bundle'
import { formatProblem, type Problem } from '../../server/domain/bundle-validate'
import { canonicalJson, type Json } from '../../server/domain/canonical'
import { explainResult, groupDigits } from '../../server/domain/explain'
import { formatDifference, meetingElectorate } from '../../server/domain/results'
import {
  compareSummaryToBundle,
  formatSummaryDifference,
  SUMMARY_FORMAT,
  verifySummary,
  type ResultsSummary,
  type SummaryDifference,
} from '../../server/domain/summary'
import { verifyBundle } from '../../server/domain/verify'

export const USAGE = [
  'usage: npm run verify -- FILE [--json]',
  '       npm run verify -- FULL --summary SUMMARY [--json]',
].join('\n')

export interface CommandOutput {
  readonly exitCode: 0 | 1 | 2
  readonly stdout: string
  readonly stderr: string
}

class Failure extends Error {}

/** The SHA-256 the summary's `bundleSha256` names: of the canonical JSON of the full bundle as published. */
export const bundleSha256 = (doc: unknown): string =>
  createHash('sha256')
    .update(canonicalJson(doc as Json))
    .digest('hex')

async function readJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new Failure(`无法读取文件 / cannot read ${file}: ${(e as Error).message}\n${USAGE}`)
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown
  } catch (e) {
    throw new Failure(`不是 JSON 文件 / ${file} is not JSON: ${(e as Error).message}\n${USAGE}`)
  }
}

const isSummaryDoc = (doc: unknown): boolean =>
  typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === SUMMARY_FORMAT

function where(doc: { estate?: { name?: string }; meeting?: { title?: string } }): string {
  const w = [doc.estate?.name, doc.meeting?.title].filter(Boolean).join(' · ')
  return w ? w + ' · ' : ''
}

function bundleLines(bundle: Bundle, results: readonly MatterResult[]): string[] {
  const out: string[] = []
  const voters = meetingElectorate(bundle).totals.heads
  out.push(
    `  ${where(bundle)}${groupDigits(voters)} 票权人 voters · ${bundle.matters.length} 事项 matters · ` +
      `${groupDigits(bundle.ballots.length)} 选票 ballots`,
  )
  bundle.matters.forEach((m, i) => {
    const r = results[i] as MatterResult
    const e = explainResult(r, m)
    out.push('', `${m.id} ${m.title} [${m.kind}]`, `  ${e.summary.zh}`, `  ${e.summary.en}`)
  })
  return out
}

/** The summary has no matters list: each result is named by its matter id and kind, candidates by their ids. */
function summaryLines(s: ResultsSummary): string[] {
  const out = [
    `  ${where(s)}${groupDigits(s.voted.length)} 已投票 voted · ${s.results.length} 事项 matters · ` +
      `${groupDigits(s.bulletin.length)} 选票 ballots`,
    `  结果包 SHA-256 bundle: ${s.bundleSha256}`,
    `  审计链头 audit head: ${s.auditHead ?? '（无 none）'}`,
  ]
  for (const r of s.results) {
    const e = explainResult(r)
    out.push('', `${r.matter} [${r.kind}]`, `  ${e.summary.zh}`, `  ${e.summary.en}`)
  }
  return out
}

const problemLines = (head: string, problems: readonly Problem[]) => [
  head,
  ...problems.map((p) => `  ${formatProblem(p)}`),
]
const bundleInvalid = (problems: readonly Problem[]) =>
  problemLines(
    `✗ 结果包无效，共 ${problems.length} 处问题 / The bundle is invalid: ${problems.length} problem(s)`,
    problems,
  )
const summaryInvalid = (problems: readonly Problem[]) =>
  problemLines(
    `✗ 公开摘要无效，共 ${problems.length} 处问题 / The summary is invalid: ${problems.length} problem(s)`,
    problems,
  )
const summaryDiffers = (head: string, differences: readonly SummaryDifference[]) => [
  head,
  ...differences.map((d) => `  ${formatSummaryDifference(d)}`),
]

/** Runs the verifier on a command line (the arguments after `verify --`). */
export async function verifyCommand(argv: readonly string[]): Promise<CommandOutput> {
  try {
    return await run(argv)
  } catch (e) {
    if (e instanceof Failure) return { exitCode: 2, stdout: '', stderr: e.message + '\n' }
    throw e
  }
}

async function run(argv: readonly string[]): Promise<CommandOutput> {
  let args
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, summary: { type: 'string' } },
    })
  } catch (e) {
    throw new Failure(`${(e as Error).message}\n${USAGE}`)
  }
  const [file, ...rest] = args.positionals
  if (!file || rest.length > 0) throw new Failure(USAGE)
  const json = args.values.json === true
  const doc = await readJson(file)
  const summaryFile = args.values.summary

  const out: string[] = []
  const err: string[] = []
  /** Problems and differences: beside the summary, or on stderr under --json. */
  const report = (lines: readonly string[]) => (json ? err : out).push(...lines)
  const done = (exitCode: 0 | 1 | 2): CommandOutput => ({
    exitCode,
    stdout: out.length > 0 ? out.join('\n') + '\n' : '',
    stderr: err.length > 0 ? err.join('\n') + '\n' : '',
  })

  if (summaryFile === undefined && isSummaryDoc(doc)) {
    const v = verifySummary(doc)
    if (v.status === 'invalid') {
      report(summaryInvalid(v.problems))
      return done(2)
    }
    if (json) out.push(JSON.stringify(v.summary.results, null, 2))
    if (v.status === 'differs') {
      report(
        summaryDiffers(
          `✗ 公开摘要与其自身数据不一致，共 ${v.differences.length} 处 / The summary does not hold together: ${v.differences.length} difference(s)`,
          v.differences,
        ),
      )
      if (!json) out.push('', '公布的结果 / Published results:', ...summaryLines(v.summary))
      return done(1)
    }
    if (!json)
      out.push(
        '✓ 公开摘要有效：每项结果均由其数据及表决规则得出，与公示的选票一致 / The summary is valid: every outcome ' +
          'follows from its figures and the rule, and the bulletin matches the counts',
        ...summaryLines(v.summary),
      )
    return done(0)
  }

  if (summaryFile !== undefined && isSummaryDoc(doc))
    throw new Failure(
      `${file} 是公开摘要，不是完整结果包 / ${file} is a summary, not a full bundle\n${USAGE}`,
    )
  const summaryDoc = summaryFile === undefined ? undefined : await readJson(summaryFile)

  const v = verifyBundle(doc)
  if (summaryDoc === undefined) {
    if (v.status === 'invalid') {
      report(bundleInvalid(v.problems))
      return done(2)
    }
    if (json) out.push(JSON.stringify(v.results, null, 2))
    if (v.status === 'differs') {
      report([
        `✗ 公布的结果与重新计算不一致，共 ${v.differences.length} 处 / The published results differ from the recomputation: ${v.differences.length} difference(s)`,
        ...v.differences.map((d) => `  ${formatDifference(d)}`),
      ])
      if (!json) out.push('', '重新计算的结果 / Recomputed results:', ...bundleLines(v.bundle, v.results))
      return done(1)
    }
    if (!json)
      out.push(
        v.compared
          ? '✓ 结果包有效，公布的结果与重新计算一致 / The bundle is valid and its published results match the recomputation'
          : '✓ 结果包有效（未附公布结果，以下为重新计算的结果） / The bundle is valid (it carries no results; recomputed below)',
        ...bundleLines(v.bundle, v.results),
      )
    return done(0)
  }

  // FULL --summary SUMMARY: both must be valid; then the bundle's results, the summary's own consistency and its
  // derivation from the bundle (hash and content) must all hold.
  const s = verifySummary(summaryDoc)
  if (v.status === 'invalid' || s.status === 'invalid') {
    if (v.status === 'invalid') report(bundleInvalid(v.problems))
    if (s.status === 'invalid') report(summaryInvalid(s.problems))
    return done(2)
  }
  if (json) out.push(JSON.stringify(v.results, null, 2))
  let exitCode: 0 | 1 = 0
  if (v.status === 'differs') {
    exitCode = 1
    report([
      `✗ 公布的结果与重新计算不一致，共 ${v.differences.length} 处 / The published results differ from the recomputation: ${v.differences.length} difference(s)`,
      ...v.differences.map((d) => `  ${formatDifference(d)}`),
    ])
  }
  if (s.status === 'differs') {
    exitCode = 1
    report(
      summaryDiffers(
        `✗ 公开摘要与其自身数据不一致，共 ${s.differences.length} 处 / The summary does not hold together: ${s.differences.length} difference(s)`,
        s.differences,
      ),
    )
  }
  const derived = compareSummaryToBundle({ ...v.bundle, results: v.results }, bundleSha256(doc), s.summary)
  if (derived.length > 0) {
    exitCode = 1
    report(
      summaryDiffers(
        `✗ 公开摘要并非由该结果包生成，共 ${derived.length} 处不一致 / The summary was not derived from this bundle: ${derived.length} difference(s)`,
        derived,
      ),
    )
  }
  if (!json) {
    if (exitCode === 0)
      out.push(
        '✓ 结果包有效，公布的结果与重新计算一致 / The bundle is valid and its published results match the recomputation',
        '✓ 公开摘要由该结果包生成：哈希值与内容均一致 / The summary was derived from this bundle: its hash and content match',
      )
    else out.push('', '重新计算的结果 / Recomputed results:')
    out.push(...bundleLines(v.bundle, v.results))
  }
  return done(exitCode)
}
