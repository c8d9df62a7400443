import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { maxChars, range } from '../../lib/bounds';
import { ConnectionType } from '../../lib/pagination';
import { MAX_TIME_ZONE_LENGTH } from './settings';
import { MAX_STREAK_DAY } from './sign-in';
import { CouponUserError } from './types';
import { PromotionUserError } from './promotion-errors';

@ObjectType('PromotionSettings', { description: 'Settings of the promotions.' })
export class PromotionSettingsType {
  @Field({
    description:
      'The operator\'s time zone (IANA name, e.g. Asia/Shanghai): the calendar day of daily sign-in, the daily flash-sale slots, and the times told to buyers ("starts tomorrow 10:00").',
  })
  timeZone: string;
}

@InputType({ description: "Changes to the promotions' settings; omitted fields stay." })
export class PromotionSettingsInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_TIME_ZONE_LENGTH, 'IANA time zone name, e.g. Asia/Shanghai.') })
  timeZone?: string | null;
}

@ObjectType({ description: "Result of changing the promotions' settings." })
export class PromotionSettingsPayload {
  @Field(() => PromotionSettingsType, { nullable: true, description: 'The settings; null when refused.' })
  settings: PromotionSettingsType | null;

  @Field(() => [PromotionUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: PromotionUserError[];
}

@ObjectType('SignInDay', { description: 'A day you signed in (签到).' })
export class SignInDayType {
  couponDbId: string | null;

  @Field({ description: "The calendar day in the operator's time zone, YYYY-MM-DD." })
  date: string;

  @Field(() => Int, { description: 'Consecutive days signed in, up to and including this one (1 after a missed day).' })
  streak: number;
}

@ObjectType({ description: 'Result of signing in.' })
export class SignInPayload {
  @Field(() => SignInDayType, { nullable: true, description: "Today's sign-in; null when refused (ALREADY_SIGNED_IN)." })
  signIn: SignInDayType | null;

  @Field(() => [CouponUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: CouponUserError[];
}

@ObjectType('SignInReward', { description: 'The coupon a sign-in streak earns on its Nth consecutive day.' })
export class SignInRewardType {
  templateDbId: string;

  @Field(() => Int, { description: 'The day of the streak, 1 to 365.' })
  streakDay: number;
}

@InputType({ description: 'Set or remove a streak reward.' })
export class SignInRewardInput {
  @Field(() => Int, range(1, MAX_STREAK_DAY, 'The day of the streak.'))
  streakDay: number;

  @Field(() => ID, { nullable: true, description: 'The coupon template to issue one coupon of on that day; null removes the reward.' })
  templateId?: string | null;
}

@ObjectType({ description: 'Result of setting a streak reward.' })
export class SignInRewardPayload {
  @Field(() => Int, { nullable: true, description: 'The streak day changed; null when refused.' })
  streakDay: number | null;

  @Field(() => [CouponUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: CouponUserError[];
}

export const SignInDayConnection = ConnectionType(SignInDayType, 'SignInDay', 'sign-in day');
export const SignInRewardConnection = ConnectionType(SignInRewardType, 'SignInReward', 'sign-in reward');
