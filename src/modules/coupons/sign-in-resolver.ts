import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { idOf, NO_SUCH_ID } from '../../lib/ids';
import { keysetPage, mapConnection, PageArgs, pageCost } from '../../lib/pagination';
import { payload } from '../../lib/payload';
import { count } from '../../lib/sql';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import { promotionSettings, updatePromotionSettings } from './settings';
import { setSignInReward, signIn } from './sign-in';
import {
  PromotionSettingsInput,
  PromotionSettingsPayload,
  PromotionSettingsType,
  SignInDayConnection,
  SignInDayType,
  SignInPayload,
  SignInRewardConnection,
  SignInRewardInput,
  SignInRewardPayload,
  SignInRewardType,
} from './sign-in-types';
import { CouponTemplateType, CouponType } from './types';
import { couponView, templateView } from './views';
import { couponLoaders } from './reads';

interface DayRow {
  day: string;
  streak: number;
  coupon_id: string | null;
}
const dayView = (r: DayRow): SignInDayType => ({
  date: typeof r.day === 'string' ? r.day.slice(0, 10) : new Date(r.day).toISOString().slice(0, 10),
  streak: r.streak,
  couponDbId: r.coupon_id,
});

@Resolver(() => SignInDayType)
export class SignInResolver {
  @Query(() => PromotionSettingsType, { description: "The promotions' settings (the operator's time zone)." })
  async promotionSettings(@Ctx() ctx: RequestContext): Promise<PromotionSettingsType> {
    return { timeZone: (await promotionSettings(ctx.em)).timeZone };
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => PromotionSettingsPayload, { description: "Changes the promotions' settings. Operators only." })
  updatePromotionSettings(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PromotionSettingsInput, { description: 'The changes.' }) input: PromotionSettingsInput,
  ): Promise<PromotionSettingsPayload> {
    return payload(async () => ({ settings: { timeZone: (await updatePromotionSettings(ctx.em, input)).timeZone } }), { settings: null });
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => SignInPayload, {
    description: "Signs in for today (once per calendar day in the operator's time zone); the streak's reward coupon for this day, if any, is issued at once.",
  })
  signIn(@Ctx() ctx: RequestContext): Promise<SignInPayload> {
    return payload(
      async () => {
        const result = await signIn(ctx.em, ctx.viewer!.accountId);
        return { signIn: { date: result.day, streak: result.streak, couponDbId: result.couponId } };
      },
      { signIn: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => SignInDayConnection, {
    complexity: pageCost,
    description: "The days you signed in, latest first (the first node is today's when you have signed in today).",
  })
  async mySignIns(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const knex = ctx.em.getKnex();
    const base = () => knex('sign_in').where('account_id', ctx.viewer!.accountId);
    const connection = await keysetPage<DayRow>(
      ctx.em,
      base().select(knex.raw("to_char(day, 'YYYY-MM-DD') as day"), 'streak', 'coupon_id'),
      page,
      [{ sql: 'sign_in.day', direction: 'desc', value: (r) => String(r.day).slice(0, 10) }],
      () => count(ctx.em, base()),
    );
    return mapConnection(connection, dayView);
  }

  @FieldResolver(() => CouponType, { nullable: true, description: 'The reward coupon issued for this day; null when the day earned none.' })
  async rewardCoupon(@Root() day: SignInDayType, @Ctx() ctx: RequestContext): Promise<CouponType | null> {
    const row = day.couponDbId ? await ctx.use(couponLoaders).coupon.load(day.couponDbId) : null;
    return row && couponView(row);
  }
}

@Resolver(() => SignInRewardType)
export class SignInRewardResolver {
  @Query(() => SignInRewardConnection, { complexity: pageCost, description: 'The streak rewards, by streak day.' })
  async signInRewards(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const knex = ctx.em.getKnex();
    const connection = await keysetPage<{ streak_day: number; template_id: string }>(
      ctx.em,
      knex('sign_in_reward').select('streak_day', 'template_id'),
      page,
      [{ sql: 'streak_day', direction: 'asc', value: (r) => r.streak_day }],
      () => count(ctx.em, knex('sign_in_reward')),
    );
    return mapConnection(connection, (r) => ({ streakDay: r.streak_day, templateDbId: r.template_id }));
  }

  @FieldResolver(() => CouponTemplateType, { description: 'The coupon template one coupon of which is issued.' })
  async template(@Root() reward: SignInRewardType, @Ctx() ctx: RequestContext): Promise<CouponTemplateType> {
    return templateView((await ctx.use(couponLoaders).template.load(reward.templateDbId))!);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => SignInRewardPayload, { description: 'Sets the coupon a streak earns on its Nth day, or removes it (templateId null). Operators only.' })
  setSignInReward(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SignInRewardInput, { description: 'The day and the coupon template.' }) input: SignInRewardInput,
  ): Promise<SignInRewardPayload> {
    return payload(
      async () => {
        await setSignInReward(ctx.em, input.streakDay, input.templateId == null ? null : (idOf('CouponTemplate', input.templateId) ?? NO_SUCH_ID));
        return { streakDay: input.streakDay };
      },
      { streakDay: null },
    );
  }
}
