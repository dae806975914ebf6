import type { InvitationStatus } from '../api'

/**
 * The words of the staff console and of the invitation letters. A catalogue of its own, loaded with the console's
 * chunk only, so owners' phones on mobile data never download it (design.md principle 12). The same rules as
 * zh-CN.ts: Chinese is the reference, and staff-en.ts is typed with its shape, key for key.
 */
const staffZhCN = {
  console: {
    title: (estate: string) => `${estate} 邀请信`,
    heading: '邀请信与激活情况',
    loading: '正在加载…',
    totalsHeading: '全小区',
    totals: {
      voters: '票权人',
      votersWithPasskey: '已激活',
      issued: '邀请信有效',
      expired: '已过期',
      locked: '已锁定',
      none: '未发信',
    },
    totalsNote: '“已激活”指至少一位业主已在手机上创建通行密钥的票权人。',
    tableHeading: '各楼栋情况',
    building: '楼栋',
    allBuildings: '全部楼栋',
    buildingOption: (name: string, voters: number) => `${name}（${voters} 个票权人）`,
    voters: '票权人',
    issued: '邀请信有效',
    activated: '已激活',
    units: '房屋',
    owners: '已激活 / 业主',
    status: '邀请信',
    expires: '有效期至',
    statusName: {
      none: '未发信',
      issued: '有效',
      expired: '已过期',
      locked: '已锁定',
    } satisfies Record<InvitationStatus, string>,
    issueHeading: '发放邀请信',
    issueIntro:
      '每个票权人一封信，信上有激活码和二维码。激活码只保存加密后的形式，所以只能在发放时打印：重新打印就是重新发放，之前的激活码随即失效。',
    readOnly: '只有召集人可以发放邀请信。',
    scope: '发放范围',
    scopeAll: '全小区',
    scopeBuildings: '选定楼栋',
    scopeUnits: '指定房号',
    buildings: '楼栋',
    unitsLabel: '房号',
    unitsHint: '每行一个，或用逗号、空格分隔，例如 1-1-101',
    days: '有效天数',
    daysHint: '1 到 180 天',
    daysInvalid: '请填写 1 到 180 之间的整数。',
    chooseBuilding: '请至少选择一个楼栋。',
    enterUnits: '请至少填写一个房号。',
    revoke: '同时作废这些票权人已有的通行密钥（手机丢失或被盗时）',
    revokeHint:
      '已激活的业主：新信须经居委会监督员或街道办事处批准后才能使用（召集人不能自己批准）；批准时，他们原有的通行密钥才作废并退出登录，之后用新信重新激活。',
    issue: '发放并打印邀请信',
    confirmHeading: '请确认',
    confirmScope: (scope: string) => `范围：${scope}`,
    confirmText:
      '发放后，这些票权人之前收到的激活码立即失效，只有这次打印的新信有效。新激活码只显示这一次，请在离开本页前打印。',
    confirmRevoke:
      '已激活的票权人：新信须经居委会监督员或街道办事处批准后才能使用，批准时他们原有的通行密钥才作废；业主会收到短信通知。',
    confirm: '确认发放',
    cancel: '取消',
    issuing: '正在生成…',
    resultHeading: (n: number) => `已生成 ${n} 封邀请信`,
    resultNote: (reissued: number) => `其中 ${reissued} 个票权人原有的激活码已作废。`,
    awaitingHeading: '须经批准才能使用',
    awaitingText: (n: number) =>
      `${n} 个票权人的业主已有通行密钥：他们的新邀请信须经居委会监督员或街道办事处批准后才能使用。批准之前，新信上的激活码不能激活，业主原有的通行密钥照常有效；批准时原有的通行密钥才作废。`,
    awaitingUnits: (units: string) => `等待批准：${units}`,
    reviewLink: '查看接管与激活审核',
    pendingHeading: '等待批准的接管',
    pendingIntro:
      '这些票权人的新邀请信会作废业主原有的通行密钥，须经居委会监督员或街道办事处批准后才能使用。',
    pendingLine: (units: string, by: string, at: string) => `${units}：${by} 于 ${at} 发放`,
    someone: '工作台以外（命令行或系统）',
    printHint: '每封信打印在一张 A4 纸上。激活码只在这里显示一次：离开本页后无法再打印这些信。',
    print: '打印',
    done: '完成，返回列表',
  },
  letter: {
    lang: 'zh-CN',
    dateLocale: 'zh-CN',
    ownersList: (owners: readonly string[]) => owners.join('、'),
    title: '业主大会网上投票邀请信',
    units: '房屋',
    totalArea: '合计面积',
    owners: '业主',
    unitArea: (number: string, area: string) => `${number}（${area}\u00a0㎡）`,
    areaM2: (area: string) => `${area}\u00a0㎡`,
    code: '激活码',
    link: '激活链接',
    qr: (url: string) => `二维码：${url}`,
    howHeading: '如何在手机上投票',
    steps: [
      '用手机扫描二维码，或在浏览器中打开上面的链接。',
      '核对激活码，填写业主本人的姓名和身份证件号码的最后四位。',
      '按提示创建通行密钥：用指纹、面容或手机的屏幕锁确认即可，不需要密码。',
      '以后在网页上用通行密钥登录，查看会议通知并投票。',
    ],
    coOwners: '共有的房屋：每位共有人都可以用同一个激活码，在自己的手机上分别激活。',
    paperHeading: '不用手机投票？',
    paper: '您可以向业主委员会或筹备组申请纸质选票，也可以激活后在网页上申请。',
    expires: (date: string) => `激活码有效期至 ${date}。过期或遗失，请向业主委员会或筹备组申请补发。`,
    secret: '请妥善保管本信，不要把激活码告诉他人。工作人员不会向您索要激活码。',
  },
}

export type StaffCatalogue = typeof staffZhCN
export default staffZhCN
