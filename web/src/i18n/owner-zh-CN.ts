/**
 * The owner's words on the voting path that the meeting page shows first: statuses, countdowns, rules and matters
 * (voting, receipts and refusals are in owner-ballot-zh-CN.ts, fetched beside the page's data). Loaded with the
 * meeting pages, one language at a time (see owner.ts), so the entry every page loads stays small on slow mobile
 * data. Its shape is `OwnerCatalogue`, which owner-en.ts must match key for key.
 */

const CN = '零一二三四五六七八九十'
const cn = (n: number) => (n <= 10 ? (CN[n] ?? String(n)) : String(n))

const ownerZhCN = {
  /** A threshold in words: 过半数, 三分之二以上, 超过四分之三 (民法典 art. 1259: 以上 includes the number). */
  share: (num: number, den: number, strict: boolean) =>
    num * 2 === den
      ? strict
        ? '过半数'
        : '半数以上'
      : `${strict ? '超过' : ''}${cn(den)}分之${cn(num)}${strict ? '' : '以上'}`,
  status: {
    draft: '草稿',
    noticed: '已公告，尚未开始投票',
    open: '正在投票',
    counting: '网上投票已结束，正在录入投票截止前收到的纸质选票',
    closed: '计票完成，正在公布结果',
    preliminary: '已公布初步结果（异议期）',
    final: '已公布最终结果',
  },
  opensIn: (time: string) => `距开始投票还有 ${time}`,
  closesIn: (time: string) => `距投票截止还有 ${time}`,
  duration: (days: number, hours: number) => (days > 0 ? `${days} 天 ${hours} 小时` : `${hours} 小时`),
  window: (from: string, to: string) => `投票时间：${from} 至 ${to}`,
  voted: (units: string) => `${units}：已投票`,
  notVoted: (units: string) => `${units}：尚未投票`,
  meeting: {
    matter: (n: number) => `事项 ${n}`,
    approval: (share: string) => `需参与表决的专有部分面积和人数各${share}同意。`,
    participation: (share: string) => `且须面积和人数各${share}的业主参与表决。`,
    stricter: '议事规则对本事项的要求严于法律。',
    seats: (seats: number) =>
      `选出 ${seats} 名委员，最多选 ${seats} 人；当选需参与表决面积和人数各过半数同意。`,
  },
  choice: { yes: '同意', no: '反对', abstain: '弃权' },
  signIn: '去登录',
}

export type OwnerCatalogue = typeof ownerZhCN
export default ownerZhCN
