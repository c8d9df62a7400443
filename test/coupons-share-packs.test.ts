import { startHarness, type Harness } from './harness';
import { template } from './coupons';
import { customer } from './social';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const CAMPAIGN =
  'mutation($input: SharePackCampaignInput!) { createSharePackCampaign(input: $input) { campaign { id friendsNeeded packSize } userErrors { code field } } }';
const SHARE = 'mutation($id: ID!) { shareCouponPack(input: { campaignId: $id }) { sharePack { id token claimed rewardCoupon { id } } userErrors { code } } }';
const CLAIM = 'mutation($token: String!) { claimSharePack(input: { token: $token }) { coupon { id template { name } } userErrors { code message } } }';
const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });

async function campaign(friendsNeeded: number, packSize?: number) {
  const friendCoupon = await template(h, op, { name: '好友券', amountOff: '5.00', threshold: '0', distribution: 'SHARE_PACK' });
  const reward = await template(h, op, { name: '分享奖励', amountOff: '15.00', threshold: '0', distribution: 'SHARE_PACK' });
  const res = await asOp(CAMPAIGN, { input: { name: '券包', templateId: friendCoupon.id, rewardTemplateId: reward.id, friendsNeeded, packSize } });
  expect(res.data.createSharePackCampaign.userErrors).toEqual([]);
  return res.data.createSharePackCampaign.campaign.id as string;
}

describe('share packs', () => {
  it('gives each friend one coupon and the sharer a reward once N friends have claimed, exactly once under parallel claims', async () => {
    const id = await campaign(3, 5);
    const sharer = await customer(h, 'sharer');
    const pack = (await h.gql(SHARE, { id }, { token: sharer.token })).data.shareCouponPack.sharePack;
    expect((await h.gql(SHARE, { id }, { token: sharer.token })).data.shareCouponPack.sharePack.token).toBe(pack.token);
    expect((await h.gql(CLAIM, { token: pack.token }, { token: sharer.token })).data.claimSharePack.userErrors[0].code).toBe('OWN_PACK');
    const friends = await Promise.all(Array.from({ length: 8 }, (_, i) => customer(h, `friend${i}`)));
    const results = await Promise.all(friends.map((f) => h.gql(CLAIM, { token: pack.token }, { token: f.token })));
    expect(results.filter((r) => r.data.claimSharePack.coupon)).toHaveLength(5);
    expect(results.filter((r) => r.data.claimSharePack.userErrors[0]?.code === 'PACK_EMPTY')).toHaveLength(3);
    const again = await h.gql(CLAIM, { token: pack.token }, { token: friends[0].token });
    expect(['ALREADY_CLAIMED', 'PACK_EMPTY']).toContain(again.data.claimSharePack.userErrors[0].code);
    const rewards = await h.sql(
      `select count(*)::int as n from coupon c join coupon_template t on t.id = c.template_id where c.owner_id = $1 and t.name = '分享奖励'`,
      [sharer.id],
    );
    expect(rewards[0].n).toBe(1);
    const results2 = await h.gql('{ sharePackCampaigns(first: 5) { nodes { id packCount claimCount rewardCount } } }', {}, { token: op });
    expect(results2.data.sharePackCampaigns.nodes.find((n: { id: string }) => n.id === id)).toEqual({ id, packCount: 1, claimCount: 5, rewardCount: 1 });
    const hidden = await h.gql('{ sharePackCampaigns(first: 5) { nodes { id packCount claimCount rewardCount } } }');
    expect(hidden.data.sharePackCampaigns.nodes.find((n: { id: string }) => n.id === id)).toEqual({ id, packCount: null, claimCount: null, rewardCount: null });
    expect(new Set(hidden.errors!.map((e) => e.extensions.code))).toEqual(new Set(['UNAUTHENTICATED']));
  });

  it('lets a friend claim once per campaign, across packs', async () => {
    const id = await campaign(2);
    const [a, b, friend] = [await customer(h, 'a'), await customer(h, 'b'), await customer(h, 'f')];
    const packA = (await h.gql(SHARE, { id }, { token: a.token })).data.shareCouponPack.sharePack;
    const packB = (await h.gql(SHARE, { id }, { token: b.token })).data.shareCouponPack.sharePack;
    expect((await h.gql(CLAIM, { token: packA.token }, { token: friend.token })).data.claimSharePack.coupon.template.name).toBe('好友券');
    expect((await h.gql(CLAIM, { token: packB.token }, { token: friend.token })).data.claimSharePack.userErrors[0].code).toBe('ALREADY_CLAIMED');
    expect((await h.gql(CLAIM, { token: 'nope' }, { token: friend.token })).data.claimSharePack.userErrors[0].code).toBe('PACK_NOT_FOUND');
    expect((await h.sql('select claimed from share_pack where token = $1', [packB.token]))[0].claimed).toBe(0);
  });

  it('refuses bad campaigns and ended ones', async () => {
    const t = await template(h, op, { distribution: 'SHARE_PACK' });
    const zeroFriends = await asOp(CAMPAIGN, { input: { name: 'x', templateId: t.id, rewardTemplateId: t.id, friendsNeeded: 0 } });
    expect(zeroFriends.status).toBe(400);
    expect(zeroFriends.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'friendsNeeded'] });
    expect(
      (await asOp(CAMPAIGN, { input: { name: 'x', templateId: t.id, rewardTemplateId: t.id, friendsNeeded: 3, packSize: 2 } })).data.createSharePackCampaign
        .userErrors[0].code,
    ).toBe('INVALID_PACK');
    expect(
      (await asOp(CAMPAIGN, { input: { name: 'x', templateId: 'bm9wZQ', rewardTemplateId: t.id, friendsNeeded: 1 } })).data.createSharePackCampaign
        .userErrors[0].code,
    ).toBe('TEMPLATE_NOT_FOUND');
    const id = await campaign(1);
    await asOp('mutation($id: ID!) { endSharePackCampaign(id: $id) { userErrors { code } } }', { id });
    expect((await h.gql(SHARE, { id }, { token: (await customer(h, 'late')).token })).data.shareCouponPack.userErrors[0].code).toBe('CAMPAIGN_ENDED');
  });
});
