/**
 * The voting path's words past the statuses, countdowns and rules (owner-zh-CN.ts): the meeting's parts, voting
 * with the marks on unanswered matters, and the printable receipt. A chunk of its own, fetched in the reader's
 * language as soon as a meeting page's module runs, beside the page's data, so that the path's first chunk stays
 * small. What happens seldom (refusals, a co-owner's ballot, a paper request) is in owner-rare-zh-CN.ts. Its shape
 * is `OwnerBallotCatalogue`, which owner-ballot-en.ts must match key for key.
 */
const ownerBallotZhCN = {
  meeting: {
    mattersHeading: '表决事项',
    scope: (where: string) => `只由以下范围的业主表决：${where}`,
    candidates: '候选人',
    photo: (name: string) => `${name}的照片`,
    attachments: '附件',
    /** A document's size after its name: decimal KB (never 0 KB) under 1 MB, as phones show them, else MB. */
    size: (n: number) => `（${n < 1e6 ? `${Math.ceil(n / 1e3)} KB` : `${(n / 1e6).toFixed(1)} MB`}）`,
    deemed: '视为同意提示',
    readConfirm: '我已阅读会议公告和表决事项',
    readDone: '已记录：您已阅读。',
    myVoters: '我代表的票权',
    own: '本人',
    proxy: '受托代理',
    directions: '委托书已指定表决意见，您须按此投票。',
    vote: '开始投票',
    voteFor: (units: string) => `为 ${units} 投票`,
    notOpenYet: '投票开始后可在这里投票。',
    results: '查看表决结果',
    signInToVote: '登录后投票',
  },
  viewReceipt: '查看回执',
  missing: (names: string) => `请选择：${names}`,
  mark: '请选择一项',
  paperAsk: '改为领取纸质表决票',
  vote: {
    heading: '投票',
    intro: '请逐项选择，提交前可再核对。',
    forUnits: (units: string) => `票权：${units}`,
    pick: (seats: number) => `最多选 ${seats} 人，也可以一个都不选`,
    picked: (n: number, seats: number) => `已选 ${n} 人，最多 ${seats} 人`,
    missing: (n: number) => `还有 ${n} 个事项没有选择。`,
    directed: '按委托书指定',
    review: '下一步：核对',
    reviewHeading: '请核对您的选择',
    none: '一个都不选',
    change: '返回修改',
    confirm: '用通行密钥确认提交',
    confirming: '请在手机上确认…',
    note: '提交后不能更改。手机会请您用指纹、面容或屏幕锁确认，作为签名。',
  },
  receipt: {
    heading: '投票回执',
    code: '回执码',
    none: '这个票权还没有投票回执。',
    back: '返回会议',
    done: '您的投票已经记录。',
    meeting: '会议',
    unit: '房屋',
    time: '投票时间',
    channel: '投票方式',
    channels: { online: '网上投票', proxy: '代理人网上投票', paper: '纸质表决票', in_person: '现场投票' },
    check:
      '如何核对：投票期间，“已投票的房屋”名单中会列出本户；结果公布后，在“表决结果”页面的回执清单中输入回执码，可以核对这张票已按原样计入。',
    voted: '已投票的房屋',
    results: '表决结果',
    print: '打印 / 保存为图片或PDF',
    file: '另存数据文件',
  },
}

export type OwnerBallotCatalogue = typeof ownerBallotZhCN
export default ownerBallotZhCN
