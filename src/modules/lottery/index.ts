import type { ModuleManifest } from '../manifest';
import { LotteryCampaign, LotteryEntry, LotteryParticipant, LotteryPrize } from './entities';
import { registerLotteryJobs } from './jobs';
import { LotteryCampaignResolver, LotteryEntryResolver, lotteryCampaignNode, lotteryEntryNode } from './resolver';

/** Mass lotteries (万人抽奖): entries until a deadline or a cap, winners drawn from a committed seed, coupons as prizes. */
export const lotteryModule: ModuleManifest = {
  name: 'lottery',
  entities: [LotteryCampaign, LotteryPrize, LotteryParticipant, LotteryEntry],
  resolvers: [LotteryCampaignResolver, LotteryEntryResolver],
  nodeTypes: { LotteryCampaign: lotteryCampaignNode, LotteryEntry: lotteryEntryNode },
  jobs: ({ queue, fork }) => registerLotteryJobs(queue, fork),
};
