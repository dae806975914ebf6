import type { ErrorCode } from '../../../server/errors'

/**
 * The owner's words for what happens seldom on the voting path: a refusal, a unit whose ballot a co-owner, a proxy
 * holder or a paper ballot cast, a paper-ballot request (its confirmation, its state, its withdrawal). Fetched only
 * when one of them is shown, so that an owner who simply votes never loads them. Its shape is `OwnerRareCatalogue`,
 * which owner-rare.en.ts must match key for key.
 */
const ownerRareZhCN = {
  /** Who cast the unit's valid ballot, when (Beijing time); `name` is masked (贾*), never a choice. */
  by: {
    self: (_name: string, when: string) => `您已于 ${when} 投票。`,
    co_owner: (name: string, when: string) => `本户已由共有人 ${name} 于 ${when} 投票。`,
    proxy: (name: string, when: string) => `本户已由代理人 ${name} 于 ${when} 投票。`,
    paper: (_name: string, when: string) => `本户已于 ${when} 以纸质表决票投票。`,
  },
  /** When the caster's name is not known (an account since closed). */
  someone: '另一位共有人',
  paper: {
    confirm: '确定改为领取纸质表决票吗？召集人会把纸质表决票送给您。召集人处理之前，您可以撤回申请。',
    yes: '确定申请',
    no: '不申请',
    asked: (when: string) => `您已于 ${when} 申请纸质表决票，召集人会送来。`,
    handled: '召集人已处理您的纸质表决票申请，请留意纸质表决票。',
    withdraw: '撤回申请',
    withdrawn: '已撤回纸质表决票申请，您可以在网上投票。',
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
}

export type OwnerRareCatalogue = typeof ownerRareZhCN
export default ownerRareZhCN
