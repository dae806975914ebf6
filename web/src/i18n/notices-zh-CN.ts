/**
 * The owner's notices about their own account and their vote, off the voting path: a take-over of the account asked
 * for, an activation awaiting a supervisor, when and how a unit voted, and the public list of who voted. A chunk of
 * its own, fetched by the owner's page (我的), the start page and the who-voted page only.
 */
const noticesZhCN = {
  alerts: {
    heading: '账户安全提醒',
    takeover: (unit: string) =>
      `有人申请为 ${unit} 重新发放激活码并停用您的通行密钥，须经居委会或街道批准。如非本人申请，请立即联系居委会。`,
    approved: (unit: string) =>
      `${unit} 的新激活码已获居委会或街道批准，您原有的通行密钥已停用。如非本人申请，请立即联系居委会。`,
    refused: (unit: string) => `为 ${unit} 重新发放激活码的申请已被居委会或街道驳回，您的通行密钥照常可用。`,
    requestedAt: (date: string) => `申请时间：${date}`,
    decidedAt: (date: string) => `处理时间：${date}`,
  },
  approvalPending:
    '您的账户激活时没有用名册登记的手机号验证，须经居委会或街道核准后才能投票。核准前您可以登录和查看会议，但还不能投票。',
  voted: {
    online: (when: string) => `已于 ${when} 通过网上投票`,
    proxy: (when: string) => `已于 ${when} 由受托人代为投票`,
    paper: (when: string) => `已于 ${when} 以纸质选票投票`,
    in_person: (when: string) => `已于 ${when} 现场投票`,
    other: (when: string) => `已于 ${when} 投票`,
  },
  whoVotedLink: '查看已投票的房屋',
  whoVoted: {
    heading: '已投票的房屋',
    intro:
      '这里公开列出已经投票的房屋号和专有部分面积，不显示任何人的选择。如果您没有投票，您的房屋却在名单中，请立即联系居委会。',
    totals: (heads: string, area: string) => `已投票：业主 ${heads} 人，专有部分面积 ${area}\u00a0㎡`,
    notOpen: '投票开始后，这里会列出已投票的房屋。',
    none: '还没有房屋投票。',
    mine: '我的房屋',
    listed: (units: string) => `${units}：在已投票名单中`,
    notListed: (units: string) => `${units}：不在已投票名单中`,
    find: '查找房号',
    findHint: '例如 1-1-101',
    noMatch: '名单中没有这个房号。',
    list: '已投票的房屋名单',
    unitArea: (units: string, area: string) => `${units}（${area}\u00a0㎡）`,
    back: '返回会议',
  },
}

export type NoticesCatalogue = typeof noticesZhCN
export default noticesZhCN
