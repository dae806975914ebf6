/**
 * The words of the co-owners' representative and the guardian's note on the owner's page (我的): a chunk of their own,
 * fetched only there, never on the voting path.
 */
const representativeZhCN = {
  heading: '共有人代表',
  intro:
    '共有的房屋合计一个票权。全体共有人可以推举一人作为代表，之后只有代表可以投票（《业主大会和业主委员会指导规则》第二十五条）。',
  named: (name: string) => `已推举 ${name} 为代表：只有 ${name} 可以为这套房屋投票。`,
  none: '尚未推举代表：任何一位共有人都可以投票，以第一张有效选票为准。',
  choose: '我推举',
  you: (name: string) => `${name}（本人）`,
  submit: '提交推举',
  mine: (name: string) => `您已推举 ${name}。`,
  waiting: (n: number) => `还需要 ${n} 位共有人推举同一人。`,
  done: (name: string) => `全体共有人已推举 ${name} 为代表。`,
  failed: '推举没有提交成功，请稍后再试。',
  guardian: '您是这位业主的监护人，代其行使投票权（《民法典》第二十三条、第三十四条）。',
}

export type RepresentativeCatalogue = typeof representativeZhCN
export default representativeZhCN
