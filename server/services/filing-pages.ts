import { formatAreaM2 } from '../domain/area'
import { isElectionResult, type MatterKind, type MatterResult } from '../domain/bundle'
import { chinaDate } from '../domain/calendar'
import { groupDigits } from '../domain/explain'
import { FILING_PART_NAMES, type FilingDocumentKind, type FilingPart } from '../domain/filing'
import { UNSAFE_TEXT } from '../domain/text'
import { lawRule, thresholdZh } from '../domain/thresholds'
import type { Weight } from '../domain/voting-rights'

/**
 * The printable pages of a filing package (domain §7.6): HTML for A4 paper, in Chinese, areas in ㎡ and shares in
 * %, members by their full names (they are officers of the assembly), never an id or a phone number. Every text
 * that came from a person — names, titles, a document's wording — goes through `text()`: the characters the inputs
 * refuse (server/domain/text.ts: controls and bidirectional overrides) are dropped, should an older row hold one,
 * and the rest is HTML-escaped, so a name can neither add markup nor reorder what the street office reads. Pure.
 */

const UNSAFE_ALL = new RegExp(UNSAFE_TEXT.source, 'gu')
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** A person's text, safe between tags and in a quoted attribute. */
export function text(s: string): string {
  return s.replace(UNSAFE_ALL, '').replace(/[&<>"']/g, (ch) => ENTITIES[ch] as string)
}

/** A document's wording: one paragraph per line, blank lines dropped, each line escaped. */
export function paragraphs(body: string): string {
  return body
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.replace(UNSAFE_ALL, '') !== '')
    .map((line) => `<p>${text(line)}</p>`)
    .join('\n')
}

/** 2026-12-27 → 2026年12月27日 (the China date of an instant). */
export function chineseDate(iso: string | null): string {
  if (iso === null) return '—'
  return chineseDay(chinaDate(Date.parse(iso)))
}

/** YYYY-MM-DD → 2026年12月27日. */
export function chineseDay(date: string): string {
  const [y, m, d] = date.split('-')
  return `${Number(y)}年${Number(m)}月${Number(d)}日`
}

/**
 * A share for display only (the decision is taken on exact fractions elsewhere): two decimals, rounded half up, by
 * integer arithmetic. "—" when there is nothing to divide by.
 */
export function percent(part: number, whole: number): string {
  if (whole === 0) return '—'
  const hundredths = (BigInt(part) * 20000n + BigInt(whole)) / (2n * BigInt(whole))
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}%`
}

const m2 = (areaCm2: number) => `${formatAreaM2(areaCm2)} ㎡`

/** 民法典 art. 278(1): the kind of each matter in its words. */
const KIND_NAMES: Readonly<Record<MatterKind, string>> = {
  rules_of_procedure: '制定和修改业主大会议事规则',
  management_covenant: '制定和修改管理规约',
  elect_committee: '选举业主委员会或者更换业主委员会成员',
  property_manager: '选聘和解聘物业服务企业或者其他管理人',
  use_maintenance_fund: '使用建筑物及其附属设施的维修资金',
  raise_maintenance_fund: '筹集建筑物及其附属设施的维修资金',
  rebuild: '改建、重建建筑物及其附属设施',
  common_parts_use: '改变共有部分的用途或者利用共有部分从事经营活动',
  other_major: '有关共有和共同管理权利的其他重大事项',
}

const OUTCOME_NAMES: Readonly<Record<MatterResult['outcome'], string>> = {
  passed: '通过',
  rejected: '未通过',
  no_quorum: '参与表决未达法定要求，未形成决定',
  elected: '全部当选',
  partially_elected: '部分当选',
  none_elected: '无人当选',
}

const STYLE = `
@page { size: A4; margin: 20mm 18mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 174mm; padding: 8mm 0; color: #000; background: #fff;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; font-size: 12pt; line-height: 1.7; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 6mm; letter-spacing: 0.1em; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2mm; text-indent: 0; }
.body p { text-indent: 2em; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 11pt; }
th, td { border: 0.3mm solid #000; padding: 1.5mm 2.5mm; text-align: left; vertical-align: top; }
th { font-weight: bold; background: #eee; }
td.n { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr, .keep { break-inside: avoid; }
.missing { font-weight: bold; }
.hash { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 9pt; word-break: break-all; }
.sign { margin-top: 14mm; display: flex; flex-wrap: wrap; gap: 8mm 16mm; }
.sign span { display: inline-block; min-width: 70mm; border-bottom: 0.3mm solid #000; padding-top: 10mm; }
.cover h1 { font-size: 22pt; margin-top: 40mm; }
.cover .estate { text-align: center; font-size: 16pt; margin-bottom: 20mm; }
footer { margin-top: 10mm; font-size: 9pt; color: #333; }
@media screen { body { padding: 16px 12px; } }
@media screen and (max-width: 600px) { table { font-size: 9pt; } th, td { padding: 4px; } td.n { white-space: normal; } }
`

/** One printable A4 page (or several, when printed) with its title. */
export function page(title: string, body: string, className = ''): string {
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing in a filing page runs or loads: it is read and printed.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${text(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body${className ? ` class="${className}"` : ''}>`,
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

// ---- the parts ---------------------------------------------------------------------------------------------------

export interface PageHeading {
  readonly estateName: string
  readonly meetingTitle: string
}

const heading = (h: PageHeading) =>
  `<p style="text-align:center">${text(h.estateName)} · ${text(h.meetingTitle)}</p>`

/** A matter of the meeting with its result and its candidates' names (the announcement's). */
export interface DecisionMatter {
  readonly title: string
  readonly result: MatterResult
  /** The election's candidates by their names on the ballot, in the ballot's order. */
  readonly candidates: readonly { readonly id: string; readonly name: string }[]
}

export interface DecisionsFacts {
  readonly noticedAt: string | null
  readonly opensAt: string
  readonly closesAt: string
  readonly preliminaryAt: string | null
  readonly finalAt: string | null
  readonly bundleSha256: string
  readonly auditHead: string | null
  /** The objections to the preliminary result with their answers (domain §6.1 step 4), in the order made. */
  readonly objections: readonly {
    readonly at: string
    readonly text: string
    readonly answer: string | null
    readonly answeredAt: string | null
  }[]
  /** The supervisors' sign-offs and recorded objections, by the name the residents' committee or office gave. */
  readonly signoffs: readonly {
    readonly at: string
    readonly decision: 'approve' | 'object'
    readonly by: string
    readonly note: string | null
  }[]
}

const weightRow = (label: string, w: Weight, of: Weight) =>
  `<tr><th scope="row">${label}</th><td class="n">${m2(w.areaCm2)}</td><td class="n">${percent(w.areaCm2, of.areaCm2)}</td>` +
  `<td class="n">${groupDigits(w.heads)} 人</td><td class="n">${percent(w.heads, of.heads)}</td></tr>`

const weightHead = (of: string) =>
  `<thead><tr><th></th><th>专有部分面积</th><th>占${of}</th><th>人数</th><th>占${of}</th></tr></thead>`

function matterSection(n: number, dm: DecisionMatter): string {
  const r = dm.result
  const rule = lawRule(r.kind)
  const participation = isElectionResult(r) ? rule.participation : r.rule.participation
  const lines: string[] = [
    `<section class="keep">`,
    `<h3>${n}. ${text(dm.title)}</h3>`,
    `<p>事项类型：${KIND_NAMES[r.kind]}</p>`,
    `<p>表决结果：<strong>${OUTCOME_NAMES[r.outcome]}</strong></p>`,
    `<table>${weightHead('表决范围')}<tbody>`,
    weightRow('表决范围', r.electorate, r.electorate),
    weightRow('参与表决', r.participation, r.electorate),
    `</tbody></table>`,
    `<p>参与表决要求：专有部分面积和人数均${thresholdZh(participation)}；${r.participation.met ? '已达到' : '未达到'}。</p>`,
  ]
  if (isElectionResult(r)) {
    const name = new Map(dm.candidates.map((c) => [c.id, c.name]))
    const named = (ids: readonly string[]) =>
      ids.length === 0 ? '无' : ids.map((id) => text(name.get(id) ?? '')).join('、')
    lines.push(
      `<table><thead><tr><th>候选人</th><th>同意面积</th><th>占参与面积</th><th>同意人数</th><th>占参与人数</th><th>结果</th></tr></thead><tbody>`,
      ...r.candidates.map((c) => {
        const outcome = r.elected.includes(c.id)
          ? '当选'
          : r.tied.includes(c.id)
            ? '票数相同，需另行决定'
            : r.alternates.includes(c.id)
              ? '候补'
              : c.qualified
                ? '—'
                : '未达到同意要求'
        return (
          `<tr><td>${text(name.get(c.id) ?? '')}</td><td class="n">${m2(c.areaCm2)}</td>` +
          `<td class="n">${percent(c.areaCm2, r.participation.areaCm2)}</td><td class="n">${groupDigits(c.heads)} 人</td>` +
          `<td class="n">${percent(c.heads, r.participation.heads)}</td><td>${outcome}</td></tr>`
        )
      }),
      `</tbody></table>`,
      `<p>应选 ${r.seats} 名；当选：${named(r.elected)}${r.vacantSeats > 0 ? `；空缺 ${r.vacantSeats} 名` : ''}。</p>`,
      `<p>候补委员（按得票排序）：${named(r.alternates)}。</p>`,
      ...(r.tied.length > 0 ? [`<p>票数相同：${named(r.tied)}。</p>`] : []),
      `<p>无效票：${m2(r.invalid.areaCm2)}，${groupDigits(r.invalid.heads)} 人。</p>`,
    )
  } else {
    lines.push(
      `<table>${weightHead('参与表决')}<tbody>`,
      weightRow('同意', r.tally.yes, r.participation),
      weightRow('反对', r.tally.no, r.participation),
      weightRow('弃权', r.tally.abstain, r.participation),
      weightRow('无效', r.tally.invalid, r.participation),
      `</tbody></table>`,
      `<p>同意要求：参与表决专有部分面积和人数均${thresholdZh(r.rule.approval)}同意；面积${r.approval.areaMet ? '已达到' : '未达到'}，人数${r.approval.headsMet ? '已达到' : '未达到'}。</p>`,
    )
  }
  lines.push(`</section>`)
  return lines.join('\n')
}

/** 会议记录和决定: the meeting's dates, each matter's result on both dimensions, the hashes that bind it. */
export function decisionsPage(
  h: PageHeading,
  facts: DecisionsFacts,
  matters: readonly DecisionMatter[],
): string {
  return page(
    `${h.meetingTitle} 会议记录和决定`,
    [
      `<h1>业主大会会议记录和决定</h1>`,
      heading(h),
      `<table><tbody>`,
      `<tr><th scope="row">会议通知公告</th><td>${chineseDate(facts.noticedAt)}</td></tr>`,
      `<tr><th scope="row">表决期</th><td>${chineseDate(facts.opensAt)} 至 ${chineseDate(new Date(Date.parse(facts.closesAt) - 1).toISOString())}</td></tr>`,
      `<tr><th scope="row">初步结果公布</th><td>${chineseDate(facts.preliminaryAt)}</td></tr>`,
      `<tr><th scope="row">最终结果公告</th><td>${chineseDate(facts.finalAt)}</td></tr>`,
      `</tbody></table>`,
      `<h2>表决事项及结果</h2>`,
      ...matters.map((m, i) => matterSection(i + 1, m)),
      `<h2>对初步结果的异议及答复</h2>`,
      facts.objections.length === 0
        ? `<p>异议期内无人提出异议。</p>`
        : [
            `<table><thead><tr><th>序号</th><th>提出日期</th><th>异议</th><th>答复</th></tr></thead><tbody>`,
            ...facts.objections.map(
              (o, i) =>
                `<tr><td class="n">${i + 1}</td><td>${chineseDate(o.at)}</td><td>${text(o.text)}</td>` +
                `<td>${o.answer === null ? '<span class="missing">未答复</span>' : `${text(o.answer)}（${chineseDate(o.answeredAt)}）`}</td></tr>`,
            ),
            `</tbody></table>`,
          ].join('\n'),
      `<h2>监督签署</h2>`,
      facts.signoffs.length === 0
        ? `<p>无。</p>`
        : [
            `<table><thead><tr><th>日期</th><th>签署人</th><th>意见</th></tr></thead><tbody>`,
            ...facts.signoffs.map(
              (x) =>
                `<tr><td>${chineseDate(x.at)}</td><td>${text(x.by)}</td>` +
                `<td>${x.decision === 'approve' ? '同意' : '提出异议'}${x.note ? `：${text(x.note)}` : ''}</td></tr>`,
            ),
            `</tbody></table>`,
          ].join('\n'),
      `<footer>`,
      `<p>表决结果文件 SHA-256：<span class="hash">${text(facts.bundleSha256)}</span></p>`,
      ...(facts.auditHead
        ? [`<p>计票时审计链头：<span class="hash">${text(facts.auditHead)}</span></p>`]
        : []),
      `<p>任何人可用结果文件重新计票（npm run verify），其 SHA-256 与结果公告所载一致即为同一文件。</p>`,
      `</footer>`,
    ].join('\n'),
  )
}

export interface DocumentPageInput {
  readonly kind: FilingDocumentKind
  readonly title: string
  readonly version: number
  readonly sha256: string
  readonly text: string
}

/** One of the assembly's documents as adopted: its wording, its version and the hash the meeting voted on. */
export function documentPage(h: PageHeading, d: DocumentPageInput): string {
  return page(
    d.title,
    [
      `<h1>${text(d.title)}</h1>`,
      heading(h),
      `<p style="text-align:center">${FILING_PART_NAMES[d.kind].zh} · 第 ${d.version} 版</p>`,
      `<div class="body">`,
      paragraphs(d.text),
      `</div>`,
      `<footer><p>本版本 SHA-256：<span class="hash">${text(d.sha256)}</span></p></footer>`,
    ].join('\n'),
  )
}

export type MemberRole = 'chair' | 'vice_chair' | 'member'

const ROLE_NAMES: Readonly<Record<MemberRole, string>> = {
  chair: '主任',
  vice_chair: '副主任',
  member: '委员',
}

export interface MemberLine {
  readonly name: string
  readonly unit: string
  readonly role: MemberRole
  /** The China date (YYYY-MM-DD) the written undertaking (承诺书) was signed, or null: missing. */
  readonly undertakingSignedOn: string | null
}

/** 委员名单及承诺书: each member by full name, unit and office, with the date of their undertaking or 缺. */
export function membersPage(h: PageHeading, members: readonly MemberLine[]): string {
  const missing = members.filter((m) => m.undertakingSignedOn === null).length
  return page(
    `${h.estateName} 业主委员会委员名单及书面承诺书`,
    [
      `<h1>业主委员会委员名单及书面承诺书</h1>`,
      heading(h),
      `<table><thead><tr><th>序号</th><th>姓名</th><th>房号</th><th>职务</th><th>书面承诺书</th></tr></thead><tbody>`,
      ...members.map(
        (m, i) =>
          `<tr><td class="n">${i + 1}</td><td>${text(m.name)}</td><td>${text(m.unit)}</td><td>${ROLE_NAMES[m.role]}</td>` +
          `<td>${m.undertakingSignedOn === null ? '<span class="missing">缺</span>' : `${chineseDay(m.undertakingSignedOn)} 签署`}</td></tr>`,
      ),
      `</tbody></table>`,
      `<p>委员共 ${members.length} 名；书面承诺书已签署 ${members.length - missing} 份${missing > 0 ? `，<span class="missing">缺 ${missing} 份</span>` : ''}。承诺书原件附后。</p>`,
    ].join('\n'),
  )
}

export interface TrainingLine {
  /** YYYY-MM-DD. */
  readonly date: string
  readonly topic: string
  /** The attendees by full name. */
  readonly attendees: readonly string[]
}

/** 培训记录: when, on what, and who attended. */
export function trainingPage(h: PageHeading, t: TrainingLine): string {
  return page(
    `${h.estateName} 业主委员会委员培训记录`,
    [
      `<h1>业主委员会委员培训记录</h1>`,
      heading(h),
      `<table><tbody>`,
      `<tr><th scope="row">培训日期</th><td>${chineseDay(t.date)}</td></tr>`,
      `<tr><th scope="row">培训内容</th><td>${text(t.topic)}</td></tr>`,
      `<tr><th scope="row">参加人员（${t.attendees.length} 名）</th><td>${t.attendees.map(text).join('、') || '无'}</td></tr>`,
      `</tbody></table>`,
      `<div class="sign"><span>培训组织单位（盖章）</span><span>日期</span></div>`,
    ].join('\n'),
  )
}

/** One line of the cover's contents: a part, its file or 缺. */
export interface CoverLine {
  readonly part: FilingPart
  readonly path: string | null
  readonly note?: string
}

export interface CoverFacts extends PageHeading {
  readonly opensAt: string
  readonly closesAt: string
  readonly electedOn: string
  readonly dueOn: string
  readonly generatedAt: string
}

/** 封面: for the street office, what is filed, by whom, when it is due, and the contents with what is missing. */
export function coverPage(f: CoverFacts, lines: readonly CoverLine[]): string {
  return page(
    `${f.estateName} 业主大会成立备案材料`,
    [
      `<h1>业主大会及业主委员会备案材料</h1>`,
      `<p class="estate">${text(f.estateName)}</p>`,
      `<table><tbody>`,
      `<tr><th scope="row">报送</th><td>__________ 街道办事处（乡镇人民政府）</td></tr>`,
      `<tr><th scope="row">首次业主大会会议</th><td>${text(f.meetingTitle)}</td></tr>`,
      `<tr><th scope="row">表决期</th><td>${chineseDate(f.opensAt)} 至 ${chineseDate(new Date(Date.parse(f.closesAt) - 1).toISOString())}</td></tr>`,
      `<tr><th scope="row">业主委员会选举产生</th><td>${chineseDay(f.electedOn)}（最终结果公告之日）</td></tr>`,
      `<tr><th scope="row">备案期限</th><td>${chineseDay(f.dueOn)}前（选举产生之日起 30 日内）</td></tr>`,
      `</tbody></table>`,
      `<h2>材料目录</h2>`,
      `<table><thead><tr><th>序号</th><th>材料</th><th>文件</th></tr></thead><tbody>`,
      ...lines.map(
        (l, i) =>
          `<tr><td class="n">${i + 1}</td><td>${FILING_PART_NAMES[l.part].zh}${l.note ? `（${text(l.note)}）` : ''}</td>` +
          `<td>${l.path === null ? '<span class="missing">缺</span>' : text(l.path)}</td></tr>`,
      ),
      `</tbody></table>`,
      `<p>各文件的 SHA-256 见“目录.txt”。</p>`,
      `<div class="sign"><span>报送单位（盖章）</span><span>报送日期</span><span>接收人签收</span><span>接收日期</span></div>`,
      `<footer><p>生成于 ${chineseDate(f.generatedAt)}</p></footer>`,
    ].join('\n'),
    'cover',
  )
}
