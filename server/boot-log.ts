import type { DemoLinks } from './demo/access'

/**
 * What the server prints at boot. Titles, names and unit numbers come from the database — from a roll file or a
 * convener's form — and a terminal obeys what it is sent: an escape sequence can hide text, move the cursor or
 * print a clickable link (OSC 8), a newline can start a fake line, a bidirectional override can reverse what is
 * shown (Trojan Source). So every such text is stripped of control characters (C0, DEL, C1) and bidirectional
 * embeddings, overrides and isolates before it is logged (OWASP Logging cheat sheet, log injection).
 */
const UNSAFE_IN_LOG = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu

/** `text` without control and bidirectional-control characters, for the server log. */
export function logSafe(text: string): string {
  return text.replace(UNSAFE_IN_LOG, '')
}

export interface DemoMeetingLine {
  readonly title: string
  readonly status: string
  readonly url: string
}

/** The lines printed once the server listens: where to start, the demo meetings and the one-time links. */
export function bootLines(
  origin: string,
  demo: {
    estate: { id: string; name: string }
    meetings: readonly DemoMeetingLine[]
    links?: DemoLinks
    /** The demo estate's committee page, once its term exists. */
    committee?: boolean
    /** The second demo estate, being formed (domain §7): its formation page and the roll version objected to. */
    forming?: { id: string; name: string }
  },
): string[] {
  const s = logSafe
  const lines = [
    `Gongjue 共决 is serving on ${origin}`,
    `  Demo published roll 公示名册: ${origin}/estates/${s(demo.estate.id)}/roll`,
    `  Sign in with a passkey 通行密钥登录: ${origin}/signin`,
  ]
  for (const m of demo.meetings)
    lines.push(`  演示会议 Demo meeting [${s(m.status)}] ${s(m.title)}: ${s(m.url)}`)
  if (demo.committee) {
    const e = `${origin}/estates/${s(demo.estate.id)}`
    const name = s(demo.estate.name)
    // Seeded with the committee, whose term began the duty to disclose (domain §9), and its surveys (§10).
    lines.push(
      `  演示业主委员会 Demo committee (${name}): ${e}/committee`,
      `  信息公开 Demo disclosures (${name}): ${e}/disclosures`,
      `  公示牌 Supervision board (${name}): ${e}/board`,
      `  满意度测评 Satisfaction surveys (${name}): ${e}/surveys`,
    )
  }
  if (demo.forming) {
    const f = demo.forming
    lines.push(
      `  筹备中的演示小区 Demo estate being formed (${s(f.name)}): ${origin}/estates/${s(f.id)}/formation`,
      `  名册第1版及异议 Roll version 1 and its objections (${s(f.name)}): ${origin}/estates/${s(f.id)}/publications/roll/1`,
      // Both demo estates are in the demo street office, whose account oversees them (domain §11).
      `  街道监督 Oversight of both demo estates (the street office's account): ${origin}/oversight`,
    )
  }
  const links = demo.links
  // One-time links: each works once (staff) or once per co-owner (owners), and is printed while unused.
  if (links && (links.staff.length > 0 || links.owners.length > 0)) {
    lines.push(
      `  Demo sign-in links 演示链接 (${s(demo.estate.name)}; open on this computer or a phone that reaches it):`,
    )
    for (const st of links.staff) lines.push(`    ${s(st.name)} [${s(st.role)}]: ${s(st.url)}`)
    for (const o of links.owners) {
      const people = o.people.map((p) => `${s(p.name)} / 证件后四位 ID last 4: ${s(p.idLast4)}`).join('; ')
      lines.push(`    业主 Owner ${o.units.map(s).join(' + ')} (${people}): ${s(o.url)}`)
    }
  }
  lines.push(`  Health: ${origin}/api/health`)
  return lines
}
