import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { drawDueLotteries, drawLottery } from './draw';

/** `lottery.draw`: one lottery's draw, sent for its deadline when it opens and again when its entry cap fills. */
export const LOTTERY_DRAW = 'lottery.draw';
/** `lottery.sweep`: every minute, any open lottery that is due is drawn (backs up lost draw jobs). */
export const LOTTERY_SWEEP = 'lottery.sweep';

export async function registerLotteryJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register<{ campaignId: string }>(LOTTERY_DRAW, async ({ campaignId }) => void (await drawLottery(fork(), campaignId)));
  await queue.register(LOTTERY_SWEEP, async () => void (await drawDueLotteries(fork)), { cron: '* * * * *' });
}
