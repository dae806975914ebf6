/**
 * The activation page's words (激活): a chunk of their own, fetched by that page only — never by the voting path.
 */
const activationZhCN = {
  title: '激活投票账户',
  heading: '激活您的投票账户',
  intro:
    '请填写邀请信上的激活码，以及业主本人的姓名和身份证件号码的最后四位。核对无误后，您将在这部手机上创建一个通行密钥，以后用它登录和投票，不需要密码。',
  code: '激活码',
  codeHint: '在邀请信上，例如 ABCD-EFGH-JKMN',
  name: '姓名',
  nameHint: '业主本人的姓名，与房产登记一致',
  idLast4: '证件号后四位',
  idLast4Hint: '身份证件号码的最后四位：数字，或字母 X',
  required: '请填写这一项。',
  idLast4Invalid: '请填写 4 个字符：数字或字母 X。',
  submit: '下一步',
  checking: '正在核对…',
  whoHeading: '请核对您的信息',
  estate: '小区',
  units: '房屋',
  owner: '业主',
  unitArea: (number: string, area: string) => `${number}（${area}\u00a0㎡）`,
  existingAccount: '您已经有账户。继续后，这部手机会添加一个新的通行密钥。',
  passkeyExplain:
    '通行密钥保存在这部手机上，用指纹、面容或手机的屏幕锁来使用。它代替密码，别人拿到激活码也无法冒用。',
  create: '创建通行密钥',
  creating: '请在手机上确认…',
  back: '信息不对？返回修改',
  signIn: '用通行密钥登录',
  noPasskeyHelp: '也可以向业主委员会或筹备组申请纸质选票。',
  sms: {
    heading: '输入短信验证码',
    sent: (phone: string) => `验证码已发送到名册登记的手机 ${phone}，10 分钟内有效。`,
    why: '这一步证明操作的人持有业主本人的手机：召集人掌握名册和邀请信，但收不到这条短信。',
    code: '短信验证码',
    codeHint: '6 位数字',
    invalid: '请填写短信里的 6 位数字。',
    submit: '验证',
    checking: '正在验证…',
    resend: '没有收到？重新发送',
    resent: '已重新发送。',
    wrong: (left: number) =>
      left > 0 ? `验证码不对，还可以再试 ${left} 次。` : '验证码不对，尝试次数已用完，请重新发送验证码。',
    expired: '验证码已过期或已用过，请重新发送。',
    failed: '短信没有发出去，请过一分钟再试。',
    limited: '发送太频繁，请稍后再试。',
    noPhone: '名册上没有这位业主的手机号：激活后，须经居委会或街道核准才能投票。',
    phoneChanged: '名册上的手机号曾经变更：激活后，须经居委会或街道核准才能投票。',
  },
  guardianRecorded: '这位业主登记了监护人：请由监护人用本人的姓名和证件号后四位激活。',
  awaitingApproval: '这封邀请信会停用业主原有的通行密钥，须经居委会或街道批准后才能使用。',
}

export type ActivationCatalogue = typeof activationZhCN
export default activationZhCN
