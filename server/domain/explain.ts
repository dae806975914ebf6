/**
 * Human explanations of results, in Chinese and English, for announcements, the verifier and the UI: which test
 * held or failed, with numerator and denominator on both dimensions (domain.md §4: a matter passes only if both
 * the participation and the approval tests hold on area AND headcount). Pure; numbers are exact integers with
 * thousands separators, never rounded percentages.
 */
import { formatAreaM2 } from './area'
import type {
  ApprovalMet,
  ElectionMatter,
  ElectionResult,
  Fraction,
  Matter,
  MatterResult,
  Participation,
  ResolutionResult,
  Rule,
  Tally,
} from './bundle'
import { isElectionResult } from './bundle'
import { lawRule, meets, ruleOf, thresholdEn, thresholdZh } from './thresholds'

export { thresholdEn, thresholdZh }
import type { Weight } from './voting-rights'

export interface Bilingual {
  readonly zh: string
  readonly en: string
}

export interface Explanation {
  /** One sentence: the outcome and why. */
  readonly summary: Bilingual
  /** The tests with their numbers, one per line. */
  readonly lines: readonly Bilingual[]
}

/** 1072817200 → "1,072,817,200". */
export function groupDigits(n: number): string {
  const s = String(Math.abs(n))
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

const met = (ok: boolean): Bilingual => (ok ? { zh: '达到', en: 'met' } : { zh: '未达到', en: 'not met' })
const area = (part: number, whole: number) => `${groupDigits(part)}/${groupDigits(whole)} cm²`
const heads = (part: number, whole: number) => `${groupDigits(part)}/${groupDigits(whole)}`

function electorateLine(e: Weight): Bilingual {
  return {
    zh: `表决范围：${groupDigits(e.heads)} 人，专有部分面积 ${groupDigits(e.areaCm2)} cm²（${formatAreaM2(e.areaCm2)} ㎡）`,
    en: `Electorate: ${groupDigits(e.heads)} voters, ${groupDigits(e.areaCm2)} cm² (${formatAreaM2(e.areaCm2)} m²) of exclusive area`,
  }
}

function participationLines(p: Participation, e: Weight, rule: Fraction): Bilingual[] {
  // The output part gives only `met` for both dimensions; each one is recomputed here, by the same test.
  const areaOk = meets(p.areaCm2, e.areaCm2, rule)
  const headsOk = meets(p.heads, e.heads, rule)
  return [
    {
      zh: `参与表决面积 ${area(p.areaCm2, e.areaCm2)}（需${thresholdZh(rule)}）：${met(areaOk).zh}`,
      en: `Participating area ${area(p.areaCm2, e.areaCm2)} (${thresholdEn(rule)} required): ${met(areaOk).en}`,
    },
    {
      zh: `参与表决人数 ${heads(p.heads, e.heads)} 人（需${thresholdZh(rule)}）：${met(headsOk).zh}`,
      en: `Participating voters ${heads(p.heads, e.heads)} (${thresholdEn(rule)} required): ${met(headsOk).en}`,
    },
  ]
}

function approvalLines(yes: Weight, took: Weight, a: ApprovalMet, rule: Fraction): Bilingual[] {
  return [
    {
      zh: `同意面积占参与表决面积 ${area(yes.areaCm2, took.areaCm2)}（需${thresholdZh(rule)}）：${met(a.areaMet).zh}`,
      en: `Approving area of participating area ${area(yes.areaCm2, took.areaCm2)} (${thresholdEn(rule)} required): ${met(a.areaMet).en}`,
    },
    {
      zh: `同意人数占参与表决人数 ${heads(yes.heads, took.heads)} 人（需${thresholdZh(rule)}）：${met(a.headsMet).zh}`,
      en: `Approving voters of participating voters ${heads(yes.heads, took.heads)} (${thresholdEn(rule)} required): ${met(a.headsMet).en}`,
    },
  ]
}

function tallyLine(t: Tally): Bilingual {
  return {
    zh:
      `同意 ${groupDigits(t.yes.heads)} 人（${groupDigits(t.yes.areaCm2)} cm²），` +
      `反对 ${groupDigits(t.no.heads)} 人（${groupDigits(t.no.areaCm2)} cm²），` +
      `弃权 ${groupDigits(t.abstain.heads)} 人（${groupDigits(t.abstain.areaCm2)} cm²），` +
      `无效 ${groupDigits(t.invalid.heads)} 人（${groupDigits(t.invalid.areaCm2)} cm²）`,
    en:
      `Yes ${groupDigits(t.yes.heads)} (${groupDigits(t.yes.areaCm2)} cm²), ` +
      `no ${groupDigits(t.no.heads)} (${groupDigits(t.no.areaCm2)} cm²), ` +
      `abstain ${groupDigits(t.abstain.heads)} (${groupDigits(t.abstain.areaCm2)} cm²), ` +
      `invalid ${groupDigits(t.invalid.heads)} (${groupDigits(t.invalid.areaCm2)} cm²)`,
  }
}

const tookOf = (t: Tally): Weight => ({
  areaCm2: t.yes.areaCm2 + t.no.areaCm2 + t.abstain.areaCm2 + t.invalid.areaCm2,
  heads: t.yes.heads + t.no.heads + t.abstain.heads + t.invalid.heads,
})

/** The failed dimensions of a test, with their numbers: "面积 1/3 cm²、人数 2/5". */
function failures(
  checks: readonly { ok: boolean; zh: string; en: string }[],
): { zh: string; en: string } | undefined {
  const failed = checks.filter((c) => !c.ok)
  if (failed.length === 0) return undefined
  return { zh: failed.map((c) => c.zh).join('、'), en: failed.map((c) => c.en).join(' and ') }
}

function resolutionSummary(
  outcome: ResolutionResult['outcome'],
  p: Participation,
  e: Weight,
  yes: Weight,
  took: Weight,
  a: ApprovalMet,
  rule: Rule,
): Bilingual {
  const pz = thresholdZh(rule.participation)
  const pe = thresholdEn(rule.participation)
  const az = thresholdZh(rule.approval)
  const ae = thresholdEn(rule.approval)
  if (outcome === 'no_quorum') {
    const f = failures([
      {
        ok: meets(p.areaCm2, e.areaCm2, rule.participation),
        zh: `参与表决面积 ${area(p.areaCm2, e.areaCm2)}`,
        en: `participating area ${area(p.areaCm2, e.areaCm2)}`,
      },
      {
        ok: meets(p.heads, e.heads, rule.participation),
        zh: `参与表决人数 ${heads(p.heads, e.heads)} 人`,
        en: `participating voters ${heads(p.heads, e.heads)}`,
      },
    ])
    return {
      zh: `未达到参与表决要求：${f?.zh ?? ''}未达${pz}，本事项未获通过。`,
      en: `No quorum: ${f?.en ?? ''} below ${pe}, so the matter is not decided.`,
    }
  }
  if (outcome === 'passed') {
    return {
      zh: `通过：参与表决的面积和人数均达${pz}，同意的面积和人数均达参与表决的${az}。`,
      en: `Passed: participation held on area and headcount (${pe}), and approval held on area and headcount (${ae} of those taking part).`,
    }
  }
  const f = failures([
    {
      ok: a.areaMet,
      zh: `同意面积 ${area(yes.areaCm2, took.areaCm2)}`,
      en: `approving area ${area(yes.areaCm2, took.areaCm2)}`,
    },
    {
      ok: a.headsMet,
      zh: `同意人数 ${heads(yes.heads, took.heads)} 人`,
      en: `approving voters ${heads(yes.heads, took.heads)}`,
    },
  ])
  return {
    zh: `未通过：参与表决达${pz}，但${f?.zh ?? ''}未达参与表决的${az}。`,
    en: `Rejected: participation held (${pe}), but ${f?.en ?? ''} did not reach ${ae} of those taking part.`,
  }
}

const OUTCOME_ZH = { passed: '通过', rejected: '未通过', no_quorum: '未达参与表决要求' } as const
const OUTCOME_EN = { passed: 'passed', rejected: 'rejected', no_quorum: 'no quorum' } as const

function explainResolution(r: ResolutionResult): Explanation {
  const took = tookOf(r.tally)
  const lines = [
    electorateLine(r.electorate),
    ...participationLines(r.participation, r.electorate, r.rule.participation),
    ...approvalLines(r.tally.yes, took, r.approval, r.rule.approval),
    tallyLine(r.tally),
  ]
  let summary = resolutionSummary(
    r.outcome,
    r.participation,
    r.electorate,
    r.tally.yes,
    took,
    r.approval,
    r.rule,
  )
  if (r.deemed) {
    const d = r.deemed
    const dz = d.countedAs === 'yes' ? '同意' : '反对'
    lines.push({
      zh: `视为同意：已送达但未表决的 ${groupDigits(d.voters.heads)} 人（${groupDigits(d.voters.areaCm2)} cm²）计为${dz}，结果为「${OUTCOME_ZH[d.outcome]}」`,
      en: `Deemed consent: ${groupDigits(d.voters.heads)} served non-voters (${groupDigits(d.voters.areaCm2)} cm²) counted as ${d.countedAs}, giving "${OUTCOME_EN[d.outcome]}"`,
    })
    const dTook = tookOf(d.tally)
    lines.push(
      ...participationLines(d.participation, r.electorate, r.rule.participation).map(
        prefix('（视为同意）', '(deemed) '),
      ),
      ...approvalLines(d.tally.yes, dTook, d.approval, r.rule.approval).map(
        prefix('（视为同意）', '(deemed) '),
      ),
    )
    summary = {
      zh: `${summary.zh}按视为同意计算为「${OUTCOME_ZH[d.outcome]}」；以严格计票结果为准。`,
      en: `${summary.en} With deemed consent: ${OUTCOME_EN[d.outcome]}; the strict result is the result of record.`,
    }
  }
  return { summary, lines }
}

const prefix =
  (zh: string, en: string) =>
  (l: Bilingual): Bilingual => ({ zh: zh + l.zh, en: en + l.en })

function explainElection(r: ElectionResult, matter: ElectionMatter | undefined): Explanation {
  const rule = matter ? ruleOf(matter) : lawRule('elect_committee')
  const name = (id: string) => {
    const n = matter?.candidates.find((c) => c.id === id)?.name
    return n ? `${n}（${id}）` : id
  }
  const nameEn = (id: string) => {
    const n = matter?.candidates.find((c) => c.id === id)?.name
    return n ? `${n} (${id})` : id
  }
  const p = r.participation
  const lines: Bilingual[] = [
    electorateLine(r.electorate),
    ...participationLines(p, r.electorate, rule.participation),
    {
      zh: `无效选票 ${groupDigits(r.invalid.heads)} 人（${groupDigits(r.invalid.areaCm2)} cm²），计入参与表决，不同意任何候选人`,
      en: `Invalid ballots: ${groupDigits(r.invalid.heads)} voters (${groupDigits(r.invalid.areaCm2)} cm²), counted as taking part, approving nobody`,
    },
  ]
  const elected = new Set(r.elected)
  const tied = new Set(r.tied)
  const alternates = new Set(r.alternates)
  for (const c of r.candidates) {
    const status: Bilingual = !c.qualified
      ? { zh: '未过半数', en: 'not qualified' }
      : !p.met
        ? { zh: '过半数（但选举未达参与表决要求）', en: 'qualified (but the election has no quorum)' }
        : elected.has(c.id)
          ? { zh: '当选', en: 'elected' }
          : tied.has(c.id)
            ? { zh: '票数相同争最后席位，需决选', en: 'tied for the last seat: run-off needed' }
            : alternates.has(c.id)
              ? { zh: '候补', en: 'alternate' }
              : { zh: '过半数，超出候补名额', en: 'qualified, beyond the alternates cap' }
    lines.push({
      zh: `${name(c.id)}：同意面积 ${area(c.areaCm2, p.areaCm2)}，同意人数 ${heads(c.heads, p.heads)} 人（均需${thresholdZh(rule.approval)}）：${status.zh}`,
      en: `${nameEn(c.id)}: approving area ${area(c.areaCm2, p.areaCm2)}, approving voters ${heads(c.heads, p.heads)} (${thresholdEn(rule.approval)} of both required): ${status.en}`,
    })
  }

  if (r.outcome === 'no_quorum') {
    return {
      summary: {
        zh: `选举未达到参与表决要求（均需${thresholdZh(rule.participation)}）：无人当选，${r.seats} 个席位待另行选举。`,
        en: `No quorum (${thresholdEn(rule.participation)} required on both): nobody is elected; all ${r.seats} seats need a further election.`,
      },
      lines,
    }
  }
  const minMembers = matter?.minMembers ?? Math.min(5, r.seats)
  const zh: string[] = []
  const en: string[] = []
  zh.push(
    r.elected.length > 0
      ? `当选 ${r.elected.length} 人（共 ${r.seats} 席）：${r.elected.map(name).join('、')}。`
      : `无人当选（共 ${r.seats} 席）。`,
  )
  en.push(
    r.elected.length > 0
      ? `${r.elected.length} of ${r.seats} seats filled: ${r.elected.map(nameEn).join(', ')}.`
      : `None of the ${r.seats} seats filled.`,
  )
  if (r.tied.length > 0) {
    const contested = r.seats - r.elected.length
    zh.push(
      `${r.tied.map(name).join('、')} 得票相同，争夺最后 ${contested} 个席位，系统不作决定，需另行决选。`,
    )
    en.push(
      `${r.tied.map(nameEn).join(', ')} tie on both headcount and area for the last ${contested} seat(s); the system does not break the tie, a run-off is needed.`,
    )
  }
  if (r.vacantSeats > 0) {
    zh.push(`空缺 ${r.vacantSeats} 席，需补选。`)
    en.push(`${r.vacantSeats} seat(s) vacant, to be filled by a further election.`)
  }
  if (r.alternates.length > 0) {
    zh.push(`候补委员：${r.alternates.map(name).join('、')}。`)
    en.push(`Alternates: ${r.alternates.map(nameEn).join(', ')}.`)
  }
  zh.push(
    r.committeeValid
      ? '业主委员会有效组成。'
      : `业主委员会未能有效组成（当选人数须不少于 ${minMembers} 人且超过席位数的一半）。`,
  )
  en.push(
    r.committeeValid
      ? 'The committee is validly formed.'
      : `The committee is not validly formed (needs at least ${minMembers} members elected and more than half of the seats).`,
  )
  return { summary: { zh: zh.join(''), en: en.join(' ') }, lines }
}

/**
 * Explains one result. `matter` supplies candidate names and, for elections, any stricter rule of procedure
 * (a resolution's result carries its own rule).
 */
export function explainResult(result: MatterResult, matter?: Matter): Explanation {
  if (isElectionResult(result)) {
    return explainElection(result, matter && matter.kind === 'elect_committee' ? matter : undefined)
  }
  return explainResolution(result)
}
