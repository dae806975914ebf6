import type { ApiErrorCode, AreaSource, StaffRole, UnitKind } from '../api'
import type { ErrorCode } from '../../../server/errors'

/** The codes made in the browser (api.ts): no answer, an answer it cannot read, and the phone's passkey prompt. */
type BrowserErrorCode =
  'network' | 'unexpected' | 'passkey_cancelled' | 'passkey_unsupported' | 'passkey_exists' | 'passkey_error'
/**
 * `T` itself, once each of its codes is one the server answers (server/errors.ts) or one the browser makes: a server
 * code renamed or gone fails `tsc` here. The entry words only the codes its pages meet; any other arrives as
 * `unexpected` (api.ts).
 */
type KnownCodes<T extends ErrorCode | BrowserErrorCode> = T

/**
 * The Chinese catalogue is the reference: its shape is the `Catalogue` type that every other language must
 * match key for key (en.ts is typed with it, so a missing or extra key does not compile).
 */
const zhCN = {
  appName: '共决',
  languageGroup: '语言',
  loading: '正在加载…',
  retry: '重试',
  backHome: '返回首页',
  listSeparator: '、',
  /** Between two sentences: nothing in Chinese, a space in English. */
  sentenceSeparator: '',
  /** For dates: the locale Intl formats them in. */
  dateLocale: 'zh-CN',
  errors: {
    estate_not_found: '找不到这个小区。请检查网址，或返回首页选择小区。',
    not_found: '找不到您要的内容。',
    invalid_request: '网址或查询条件有误，请返回首页重新选择。',
    unauthenticated: '请先登录。',
    forbidden: '您的账户没有权限查看或操作这里的内容。',
    rate_limited: '尝试次数太多，请稍后再试。',
    activation_failed:
      '激活码、姓名或证件号后四位与业主名册不一致。请对照邀请信核对激活码，姓名和证件号后四位请填写房产登记上业主本人的。',
    invitation_expired:
      '这封邀请信已经失效（已过期，或已补发了新的邀请信）。请向业主委员会或筹备组索取新的邀请信。',
    invitation_locked: '这个激活码输错的次数太多，已被锁定。请向业主委员会或筹备组申请补发邀请信。',
    already_activated:
      '您已经用这个激活码激活过了，请直接用通行密钥登录。如需在另一部手机上使用，请向业主委员会或筹备组申请新的邀请信。',
    passkey_failed:
      '无法验证这个通行密钥（它可能已被删除）。请再试一次；如果仍然不行，请向业主委员会或筹备组求助。',
    enrollment_invalid: '这个登记链接已经失效（已使用、已过期或已被新链接取代）。请向管理员索取新的链接。',
    account_disabled: '这个账户已停用。请联系业主委员会或管理员。',
    passkey_not_found: '找不到这个通行密钥，它可能已被删除。',
    passkey_revoked: '这个通行密钥已经删除了。',
    unit_not_found: '业主名册中没有以下房号，请检查后重试：',
    no_voters: '所选范围内没有可以发放邀请信的票权人。',
    sms_code_wrong: '短信验证码不对。',
    sms_code_expired: '短信验证码已过期或已用过，请重新发送。',
    sms_failed: '短信没有发出去，请过一分钟再试。',
    guardian_recorded: '这位业主登记了监护人，请由监护人激活。',
    invitation_awaiting_approval: '这封邀请信须经居委会或街道批准后才能使用。',
    passkey_cancelled: '没有完成通行密钥验证（可能取消了，或指纹、面容、屏幕锁没有通过）。请再试一次。',
    passkey_unsupported:
      '这个浏览器不支持通行密钥。请用手机自带的浏览器（如 Safari、Chrome 或手机厂商的浏览器）打开链接。如果仍然无法使用，可以向业主委员会或筹备组申请纸质选票。',
    passkey_exists: '这部手机上已经有您的通行密钥了，请直接用它登录。',
    passkey_error: '通行密钥没有创建成功。请再试一次；如果仍然不行，请换用手机自带的浏览器。',
    network: '网络连接失败，请检查网络后重试。',
    unexpected: '服务器暂时出错，请稍后重试。',
  } satisfies Record<KnownCodes<ApiErrorCode>, string>,
  errorDetails: {
    attemptsLeft: (n: number) => `还可以再试 ${n} 次；再输错，这个激活码将被锁定。`,
    retryAfter: (minutes: number) => `请在 ${minutes} 分钟后再试。`,
  },
  nav: {
    label: '账户',
    signIn: '登录',
    me: '我的',
  },
  home: {
    title: '小区列表',
    heading: '小区',
    intro: '选择您的小区，查看公示的业主名册。',
    empty: '还没有小区。',
    openRoll: '查看公示名册',
    openDisclosures: '信息公开与收支公示',
  },
  notFound: {
    title: '找不到页面',
    body: '这个网址没有对应的页面。',
  },
  roll: {
    title: (estate: string) => `${estate} 公示名册`,
    heading: '公示名册',
    formationLink: '业主大会成立情况与筹备组名单',
    purpose:
      '业主大会召开前，业主名册在此公示。请核对您房屋的房号、面积和面积依据是否正确。为保护隐私，业主姓名只显示第一个字。',
    objection: '如有错误，请向召集人（筹备组或业主委员会）提出异议；业主登录后可在本页下方提出。',
    totalsHeading: '全小区合计',
    totalUnits: '户数',
    totalHeads: '票权人数',
    totalArea: '计入面积',
    parking: '车位',
    parkingCounted: '计入面积和票权',
    parkingNotCounted: '不计入面积和票权',
    headsNote: '同一业主的多套房屋只算一个票权人；建设单位持有的房屋合计算一个票权人。',
    filterHeading: '查找房屋',
    building: '楼栋',
    allBuildings: '全部楼栋',
    buildingOption: (name: string, units: number) => `${name}（${units} 户）`,
    search: '房号',
    searchHint: '输入房号的一部分，例如 1-1-101',
    searchButton: '搜索',
    matched: (matched: string, shown: string) => `找到 ${matched} 户，已显示 ${shown} 户`,
    noMatch: '没有符合条件的房屋。',
    loadMore: (count: number) => `再显示 ${count} 户`,
    download: '下载完整名册（CSV）',
    downloadHint: 'CSV 表格可以用 Excel 或 WPS 打开。',
    unitsHeading: '房屋',
    area: (area: string) => `${area} ㎡`,
    areaWithSource: (area: string, source: string) => `${area} ㎡（${source}）`,
    unitBuilding: '楼栋',
    unitArea: '面积',
    unitOwners: '业主',
    developer: '建设单位',
    kind: {
      residence: '住宅',
      shop: '商铺',
      parking: '车位',
      other: '其他',
    } satisfies Record<UnitKind, string>,
    areaSource: {
      register: '登记面积',
      survey: '实测面积',
      contract: '合同面积',
    } satisfies Record<AreaSource, string>,
  },
  signIn: {
    title: '登录',
    heading: '登录',
    intro: '用这部手机上的通行密钥登录，不需要密码：手机会请您用指纹、面容或屏幕锁确认。',
    button: '用通行密钥登录',
    working: '请在手机上确认…',
    firstTime: '第一次使用？请打开邀请信上的链接，或用手机扫描信上的二维码，先激活账户。',
    noPasskeyHere:
      '如果这部手机上没有通行密钥（例如换了手机），请用邀请信激活；邀请信遗失时，请向业主委员会或筹备组申请补发。',
    signedInAs: (name: string) => `您已登录：${name}`,
    goToMe: '前往“我的”页面',
  },
  enroll: {
    title: '工作人员登记',
    heading: '工作人员登记',
    greeting: (name: string) => `${name}，您好。`,
    intro:
      '请在这部手机上创建通行密钥。以后用它登录，不需要密码：手机会请您用指纹、面容或屏幕锁确认。这个链接只能使用一次。',
    create: '创建通行密钥',
    creating: '请在手机上确认…',
  },
  me: {
    title: '我的',
    heading: '我的',
    hello: (name: string) => `${name}，您好`,
    accountIdHeading: '委托他人投票时需要的账户编号',
    accountId: (id: string) => `账户编号：${id}`,
    ownerHeading: '我的房屋',
    estateLine: (name: string) => `小区：${name}`,
    voterHeading: (n: number) => `票权 ${n}`,
    units: '房屋',
    totalArea: '合计面积',
    area: (area: string) => `${area}\u00a0㎡`,
    unitArea: (number: string, building: string, area: string) => `${number}（${building}，${area}\u00a0㎡）`,
    coOwners: '共有人',
    noCoOwners: '无',
    coOwnersNote: '共有的房屋合计一个票权，由共有人之一投票。',
    rollLink: '查看公示名册',
    meetingsLink: '业主大会会议与投票',
    rolesHeading: '我的职责',
    noRoles: '还没有为您分配职责。',
    role: {
      admin: '平台管理员',
      street_office: '街道办事处',
      supervisor: '监督人（居民委员会）',
      convener: '召集人（业主委员会或筹备组）',
    } satisfies Record<StaffRole, string>,
    allEstates: '全部小区',
    invitationsLink: '邀请信与激活情况',
    oversightLink: '辖区小区监督',
    consoleLink: '工作台：名册、会议、监督',
    passkeysHeading: '通行密钥',
    passkeysIntro: '您用这些通行密钥登录。每个通行密钥保存在一部手机或一台设备上。',
    passkeyUnnamed: (n: number) => `通行密钥 ${n}`,
    current: '本机，当前登录所用',
    created: (date: string) => `创建于 ${date}`,
    lastUsed: (date: string) => `上次登录 ${date}`,
    neverUsed: '还没有用它登录过',
    remove: '删除',
    removeLabel: (name: string) => `删除${name}`,
    removeConfirm: '删除后，这个通行密钥不能再用来登录。',
    removeCurrent: '这是您现在登录所用的通行密钥：删除后您会退出登录。',
    removeLast: '这是您唯一的通行密钥：删除后，需要向业主委员会或筹备组申请新的邀请信才能再次登录。',
    removeYes: '确认删除',
    cancel: '取消',
    removed: '通行密钥已删除。',
    addHeading: '添加通行密钥',
    addIntro: '在这部手机或设备上再添加一个通行密钥，例如换了新手机时。',
    addLabel: '名称（可选）',
    addLabelHint: '例如“我的手机”',
    add: '在这部手机上添加通行密钥',
    adding: '请在手机上确认…',
    added: '通行密钥已添加。',
    signOut: '退出登录',
    signingOut: '正在退出…',
  },
}

export type Catalogue = typeof zhCN
export default zhCN
