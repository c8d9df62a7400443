import { startHarness, type Harness } from './harness';
import { template } from './coupons';
import { customer, member } from './social';

let h: Harness;
let op: string;

beforeAll(async () => {
  h = await startHarness();
  op = await h.operatorToken();
});
afterAll(() => h.close());

const SIGN_IN = 'mutation { signIn { signIn { date streak rewardCoupon { id template { name } } } userErrors { code message } } }';
const REWARD = 'mutation($input: SignInRewardInput!) { setSignInReward(input: $input) { streakDay userErrors { code field } } }';
const asOp = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: op, key: null });
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];

describe('daily sign-in', () => {
  it('signs in once a day: two parallel requests give one sign-in and one reward', async () => {
    const day1 = await template(h, op, { name: '签到第1天', amountOff: '1.00', threshold: '0', distribution: 'SIGN_IN_REWARD' });
    expect((await asOp(REWARD, { input: { streakDay: 1, templateId: day1.id } })).data.setSignInReward.userErrors).toEqual([]);
    const buyer = await customer(h, 'signer');
    const both = await Promise.all([h.gql(SIGN_IN, {}, { token: buyer.token }), h.gql(SIGN_IN, {}, { token: buyer.token })]);
    const ok = both.filter((r) => r.data.signIn.signIn);
    expect(ok).toHaveLength(1);
    expect(ok[0].data.signIn.signIn).toMatchObject({ streak: 1, rewardCoupon: { template: { name: '签到第1天' } } });
    expect(both.find((r) => !r.data.signIn.signIn)!.data.signIn.userErrors[0].code).toBe('ALREADY_SIGNED_IN');
    expect((await h.sql('select count(*)::int as n from coupon where owner_id = $1', [buyer.id]))[0].n).toBe(1);
    const mine = await h.gql('{ mySignIns(first: 5) { totalCount nodes { date streak } } }', {}, { token: buyer.token });
    expect(mine.data.mySignIns.totalCount).toBe(1);
    expect(mine.data.mySignIns.nodes[0].date).toBe(ok[0].data.signIn.signIn.date);
  });

  it('continues a streak from yesterday, rewards its day, and starts again after a missed day', async () => {
    const day3 = await template(h, op, { name: '连签3天', amountOff: '3.00', threshold: '0', distribution: 'SIGN_IN_REWARD' });
    await asOp(REWARD, { input: { streakDay: 3, templateId: day3.id } });
    const steady = await customer(h, 'steady');
    const today = (await h.sql(`select (now() at time zone 'Asia/Shanghai')::date::text as d`))[0].d;
    await h.sql(`insert into sign_in (account_id, day, streak, created_at) values ($1, $2::date - 2, 1, now()), ($1, $2::date - 1, 2, now())`, [
      steady.id,
      today,
    ]);
    const third = await h.gql(SIGN_IN, {}, { token: steady.token });
    expect(third.data.signIn.signIn).toMatchObject({ date: today, streak: 3, rewardCoupon: { template: { name: '连签3天' } } });
    const lapsed = await customer(h, 'lapsed');
    await h.sql(`insert into sign_in (account_id, day, streak, created_at) values ($1, $2::date - 2, 5, now())`, [lapsed.id, today]);
    expect((await h.gql(SIGN_IN, {}, { token: lapsed.token })).data.signIn.signIn.streak).toBe(1);
  });

  it('refuses bad settings and rewards', async () => {
    // Outside the documented 1 to 365: refused at the edge before anything runs.
    const dayZero = await asOp(REWARD, { input: { streakDay: 0, templateId: null } });
    expect(dayZero.status).toBe(400);
    expect(dayZero.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'streakDay'] });
    expect((await asOp(REWARD, { input: { streakDay: 2, templateId: 'bm9wZQ' } })).data.setSignInReward.userErrors[0].code).toBe('TEMPLATE_NOT_FOUND');
    const tz = await asOp('mutation { updatePromotionSettings(input: { timeZone: "Mars/Olympus" }) { settings { timeZone } userErrors { code } } }', {});
    expect(tz.data.updatePromotionSettings.userErrors[0].code).toBe('INVALID_TIME_ZONE');
    const ok = await asOp('mutation { updatePromotionSettings(input: { timeZone: "Asia/Shanghai" }) { settings { timeZone } userErrors { code } } }', {});
    expect(ok.data.updatePromotionSettings.settings.timeZone).toBe('Asia/Shanghai');
    const rewards = await h.gql('{ signInRewards(first: 10) { nodes { streakDay template { name } } } }');
    expect(rewards.data.signInRewards.nodes.map((n: { streakDay: number }) => n.streakDay)).toEqual([1, 3]);
  });
});

describe('coupons on registration', () => {
  it('gives new customers their coupon, and the inviter whose code they used an invite reward', async () => {
    const welcome = await template(h, op, { name: '新人券', amountOff: '20.00', threshold: '0', distribution: 'NEW_CUSTOMER' });
    const reward = await template(h, op, { name: '邀请奖励', amountOff: '50.00', threshold: '0', distribution: 'INVITE_REWARD' });
    const inviter = await member(h, 'inviter');
    const code = (await h.gql('{ myInviteCode { code } }', {}, { token: inviter.token })).data.myInviteCode.code;
    const res = await h.gql('mutation($input: RegisterInput!) { register(input: $input) { account { id } userErrors { code message } } }', {
      input: { email: `invitee-${Date.now()}@example.com`, password: 'social-pass-2026', displayName: 'Invitee', inviteCode: code },
    });
    expect(res.data.register.userErrors).toEqual([]);
    const newcomer = dbId(res.data.register.account.id);
    const owned = async (accountId: string) =>
      (await h.sql('select t.name from coupon c join coupon_template t on t.id = c.template_id where c.owner_id = $1 order by t.name', [accountId])).map(
        (r) => r.name,
      );
    expect(await owned(newcomer)).toEqual(['新人券']);
    expect(await owned(inviter.id)).toEqual(['新人券', '邀请奖励']);
    expect([welcome.id, reward.id]).toHaveLength(2);
  });

  it('gives a new member the membership gift coupon when the membership opens, once', async () => {
    await template(h, op, { name: '会员礼券', amountOff: '30.00', threshold: '0', distribution: 'MEMBERSHIP_GIFT' });
    const person = await customer(h, 'to-be-member');
    const GRANT = 'mutation($input: GrantMembershipInput!) { grantMembership(input: $input) { userErrors { code message } } }';
    const accountId = Buffer.from(`Account:${person.id}`).toString('base64url');
    expect((await asOp(GRANT, { input: { accountId } })).data.grantMembership.userErrors).toEqual([]);
    expect((await asOp(GRANT, { input: { accountId } })).data.grantMembership.userErrors[0].code).toBe('ALREADY_MEMBER');
    const gifts = await h.sql(
      `select count(*)::int as n from coupon c join coupon_template t on t.id = c.template_id where c.owner_id = $1 and t.name = '会员礼券'`,
      [person.id],
    );
    expect(gifts[0].n).toBe(1);
  });
});
