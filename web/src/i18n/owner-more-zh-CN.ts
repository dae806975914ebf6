/**
 * The owner's words off the voting path: the start page, results and roll objections. Its own chunk, so
 * the meeting → vote → receipt path loads only owner-zh-CN.ts. Its shape is `OwnerMoreCatalogue`.
 */
const ownerMoreZhCN = {
  home: {
    heading: '我的小区',
    meetings: '业主大会会议',
    none: '目前没有业主大会会议。',
    open: '查看并投票',
    view: '查看',
    results: '查看结果',
    rollLink: '核对公示名册',
    formationLink: '业主大会成立情况',
    versionsLink: '名册公示版本与异议答复',
    surveysLink: '物业服务满意度测评',
    disclosuresLink: '信息公开与收支公示',
    proxies: '我受托代理的投票',
    proxyFor: (units: string) => `代理 ${units} 投票`,
    voted: '查看回执',
    /** After activation or sign-in, on the start page she lands on. */
    welcome: { signin: '已登录。', activated: '激活成功，可以投票了。', pending: '激活成功。' },
  },
  results: {
    heading: '表决结果',
    preliminary: '初步结果：异议期内可以提出异议。',
    periodOpen: (published: string, end: string) =>
      `初步结果已于 ${published} 公布。异议期至 ${end}，期间业主可以对结果提出异议。`,
    periodOver: (published: string, end: string) =>
      `初步结果已于 ${published} 公布。异议期已于 ${end} 结束。`,
    finalAt: (published: string) => `最终结果已于 ${published} 公布。`,
    objectHeading: '对结果提出异议',
    objectText: '异议内容',
    objectHint: '写明您认为哪一项结果有误、为什么。召集人会书面答复。',
    objectSubmit: '提交异议',
    objectSent: '异议已提交，召集人会答复。',
    objectRequired: '请写明异议内容。',
    objectSignIn: '本小区业主登录后可以提出异议。',
    signIn: '登录',
    technical: '技术验证',
    unnamed: '（未列名）',
    final: '最终结果',
    pending: '召集人尚未公布初步结果。以下数字来自投票结束时封存的结果文件。',
    participation: '参与表决',
    approval: '同意',
    area: '面积',
    heads: '人数',
    bar: (what: string, part: string, whole: string, pct: string, need: string) =>
      `${what}：${part}，共 ${whole}，占 ${pct}；需要${need}`,
    line: '竖线为需要达到的比例',
    outcome: {
      passed: '通过',
      rejected: '未通过',
      no_quorum: '参与表决的业主不足，表决无效',
      elected: '委员已全部选出',
      partially_elected: '部分席位选出',
      none_elected: '没有人当选',
    } as Record<string, string>,
    outcomeOther: '结果见公告',
    elected: '当选',
    alternates: '候补',
    tied: '票数相同，需要再次选举',
    vacant: (n: number) => `空缺 ${n} 席`,
    candidate: (name: string) => `${name} 获得的同意`,
    bulletin: '回执清单',
    bulletinIntro: '输入您的回执码，核对您的票是否按原样计入。',
    search: '回执码',
    found: '找到了：您的票已计入。',
    notFound: '没有找到这个回执码。请检查输入。',
    voted: (n: number) => `共 ${n} 张有效票`,
    bundle: '下载公开结果',
    verify:
      '任何人都可以核对结果：下载公开结果，在电脑上用共决的核验程序运行 npm run verify -- 文件名。它会检查每项结果是否符合法律规则、回执清单的票数是否与结果一致；文件中完整结果文件的 SHA-256 与公告中的一致。',
    sha: (sha: string) => `完整结果文件 SHA-256：${sha}`,
    full: '下载完整结果文件',
    fullNote:
      '完整结果文件列出每户的选择，属于个人信息，仅供本小区业主和监督人员核验使用，不得外传；每次下载都会记入审计日志。',
  },
  objection: {
    heading: '对名册提出异议',
    intro: '如果您房屋的房号、面积或业主有误，请写明情况，召集人会答复。',
    unit: '房号',
    text: '异议内容',
    submit: '提交异议',
    sent: '异议已提交。',
    mine: '我提出的异议',
    answer: (a: string) => `答复：${a}`,
    waiting: '等待答复',
    required: '请填写这一项。',
    unknownUnit: '名册上没有这个房号，请检查后重试。',
  },
}

export type OwnerMoreCatalogue = typeof ownerMoreZhCN
export default ownerMoreZhCN
