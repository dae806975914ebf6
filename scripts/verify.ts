/**
 * npm run verify -- FILE [--json]
 *
 * Recomputes a published results bundle (format gongjue.results/1, results-bundle.md) with the same domain code as
 * the server, and compares. Exit 0: valid, and its results (if any) equal the recomputation — prints a short
 * bilingual summary per matter. Exit 1: valid, but the published results differ — prints each difference. Exit 2:
 * invalid bundle (every problem with its JSON path), or an unreadable file, not JSON, bad usage.
 * --json prints the recomputed results array on stdout instead of the summary; problems and differences then go
 * to stderr, so stdout stays pure JSON. Exit codes are unchanged.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { Bundle, MatterResult } from '../server/domain/bundle'
import { formatProblem } from '../server/domain/bundle-validate'
import { explainResult, groupDigits } from '../server/domain/explain'
import { formatDifference, meetingElectorate } from '../server/domain/results'
import { verifyBundle } from '../server/domain/verify'

const USAGE = 'usage: npm run verify -- FILE [--json]'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

let args
try {
  args = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false } } })
} catch (e) {
  fail(`${(e as Error).message}\n${USAGE}`)
}
const [file, ...rest] = args.positionals
if (!file || rest.length > 0) fail(USAGE)
const json = args.values.json === true

let text: string
try {
  text = await readFile(file, 'utf8')
} catch (e) {
  fail(`无法读取文件 / cannot read ${file}: ${(e as Error).message}\n${USAGE}`)
}
let doc: unknown
try {
  doc = JSON.parse(text.replace(/^\uFEFF/, ''))
} catch (e) {
  fail(`不是 JSON 文件 / ${file} is not JSON: ${(e as Error).message}\n${USAGE}`)
}

const v = verifyBundle(doc)

function summary(bundle: Bundle, results: readonly MatterResult[]): string[] {
  const out: string[] = []
  const voters = meetingElectorate(bundle).totals.heads
  const where = [bundle.estate?.name, bundle.meeting?.title].filter(Boolean).join(' · ')
  out.push(
    `  ${where ? where + ' · ' : ''}${groupDigits(voters)} 票权人 voters · ${bundle.matters.length} 事项 matters · ` +
      `${groupDigits(bundle.ballots.length)} 选票 ballots`,
  )
  bundle.matters.forEach((m, i) => {
    const r = results[i] as MatterResult
    const e = explainResult(r, m)
    out.push('', `${m.id} ${m.title} [${m.kind}]`, `  ${e.summary.zh}`, `  ${e.summary.en}`)
  })
  return out
}

if (v.status === 'invalid') {
  const lines = [
    `✗ 结果包无效，共 ${v.problems.length} 处问题 / The bundle is invalid: ${v.problems.length} problem(s)`,
    ...v.problems.map((p) => `  ${formatProblem(p)}`),
  ]
  ;(json ? console.error : console.log)(lines.join('\n'))
} else if (json) {
  console.log(JSON.stringify(v.results, null, 2))
  if (v.status === 'differs') {
    console.error(
      [
        `✗ 公布的结果与重新计算不一致，共 ${v.differences.length} 处 / The published results differ from the recomputation: ${v.differences.length} difference(s)`,
        ...v.differences.map((d) => `  ${formatDifference(d)}`),
      ].join('\n'),
    )
  }
} else if (v.status === 'differs') {
  console.log(
    [
      `✗ 公布的结果与重新计算不一致，共 ${v.differences.length} 处 / The published results differ from the recomputation: ${v.differences.length} difference(s)`,
      ...v.differences.map((d) => `  ${formatDifference(d)}`),
      '',
      '重新计算的结果 / Recomputed results:',
      ...summary(v.bundle, v.results),
    ].join('\n'),
  )
} else {
  console.log(
    [
      v.compared
        ? '✓ 结果包有效，公布的结果与重新计算一致 / The bundle is valid and its published results match the recomputation'
        : '✓ 结果包有效（未附公布结果，以下为重新计算的结果） / The bundle is valid (it carries no results; recomputed below)',
      ...summary(v.bundle, v.results),
    ].join('\n'),
  )
}
// Not process.exit(): let a large --json output drain to a pipe before the process ends.
process.exitCode = v.exitCode
