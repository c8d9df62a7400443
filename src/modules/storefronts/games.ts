import { Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { RequestContext } from '../../lib/request-context';
import { sharingGamesOf } from './queries';

export enum PromotionGameKind {
  WHEEL = 'WHEEL',
  LOTTERY = 'LOTTERY',
  RED_PACKET_SPLIT = 'RED_PACKET_SPLIT',
  ASSIST_FOR_FREE = 'ASSIST_FOR_FREE',
}
registerEnumType(PromotionGameKind, {
  name: 'PromotionGameKind',
  description: 'The kinds of promotion game.',
  valuesConfig: {
    WHEEL: { description: '幸运大转盘 lucky wheel.' },
    LOTTERY: { description: '万人抽奖 mass lottery.' },
    RED_PACKET_SPLIT: { description: '瓜分红包 / 天天拆红包 red-packet split: a sharing game.' },
    ASSIST_FOR_FREE: { description: '助力享免单 assist-for-free: a sharing game.' },
  },
});

/** The sharing games: assist / split mechanics some channels' rules forbid (WeChat external links). */
const SHARING: readonly PromotionGameKind[] = [PromotionGameKind.RED_PACKET_SPLIT, PromotionGameKind.ASSIST_FOR_FREE];

@ObjectType({ description: 'A kind of promotion game, and whether this storefront app offers it.' })
export class PromotionGame {
  @Field(() => PromotionGameKind, { description: 'Which game.' })
  kind: PromotionGameKind;

  @Field({ description: 'Whether the game is offered on the storefront app the request came through.' })
  offered: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "Why it is not offered: the app's reason as its operators wrote it, or a general one when they wrote none or the request carries no storefront key; null when offered.",
  })
  notOfferedReason: string | null;
}

@Resolver()
export class PromotionGamesResolver {
  @Query(() => [PromotionGame], {
    description:
      "The four kinds of promotion game for the caller's storefront app: WHEEL and LOTTERY always; RED_PACKET_SPLIT and ASSIST_FOR_FREE unless the app's sharing games are off (then with the reason). Without a storefront key the sharing games are not offered.",
  })
  async promotionGames(@Ctx() ctx: RequestContext): Promise<PromotionGame[]> {
    const sharing = await sharingGamesOf(ctx.em, ctx.storefront?.appId ?? null);
    return Object.values(PromotionGameKind).map((kind) =>
      SHARING.includes(kind) && !sharing.on ? { kind, offered: false, notOfferedReason: sharing.reason } : { kind, offered: true, notOfferedReason: null },
    );
  }
}
