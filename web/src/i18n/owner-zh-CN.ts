import type { ErrorCode } from '../../../server/errors'

/**
 * The owner's words on the voting path: meetings, voting, receipts, refusals. Loaded with the
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
    mattersHeading: '表决事项',
    matter: (n: number) => `事项 ${n}`,
    approval: (share: string) => `需参与表决的专有部分面积和人数各${share}同意。`,
    participation: (share: string) => `且须面积和人数各${share}的业主参与表决。`,
    stricter: '议事规则对本事项的要求严于法律。',
    seats: (seats: number) =>
      `选出 ${seats} 名委员，最多选 ${seats} 人；当选需参与表决面积和人数各过半数同意。`,
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
    receipt: '查看投票回执',
    paper: '改为领取纸质表决票',
    paperDone: '已申请，召集人会送来纸质表决票。',
    notOpenYet: '投票开始后可在这里投票。',
    results: '查看表决结果',
    signInToVote: '登录后投票',
  },
  choice: { yes: '同意', no: '反对', abstain: '弃权' },
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
    done: '您的投票已经记录。',
    code: '回执码',
    castAt: (date: string) => `投票时间：${date}`,
    explain: '请保存回执码。投票结束后，可在公示的回执清单中用它核对您的票按原样计入。',
    save: '保存回执（下载文件）',
    none: '这个票权还没有投票回执。',
    back: '返回会议',
  },
  /** Words for every refusal the server can answer on the voting path. */
  refusals: {
    meeting_not_open: '不在投票时间内（尚未开始或已经截止），投票没有提交。',
    double_vote: '这个票权已经投过票了（可能是共有人或代理人），每个票权只能投一次，这次不计入。',
    vote_change_used: '本次会议只允许修改一次投票，您已经修改过了。',
    not_in_electorate: '您不在某个事项的表决范围内，请重新打开会议页面。',
    ballot_invalid: '选择不完整或不符合规则，请返回修改。',
    not_your_voter: '您不能为这个票权投票。',
    proxy_directions_violated: '您的选择与委托书指定的意见不一致，请按委托书投票。',
    passkey_failed: '通行密钥验证没有通过，投票没有提交。请再试一次。',
    results_not_ready: '投票结束后才会公布。',
    passkey_cancelled: '通行密钥验证没有完成，投票没有提交。请再试一次。',
    // Only server codes and the phone's passkey prompt: a code that no longer exists fails `tsc` here.
  } satisfies Partial<Record<ErrorCode | 'passkey_cancelled', string>> as Record<string, string>,
  signIn: '去登录',
}

export type OwnerCatalogue = typeof ownerZhCN
export default ownerZhCN
