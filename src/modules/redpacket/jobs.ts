import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobQueue } from '../../lib/jobs';
import { EXPIRY_BATCH, expirePackets } from './expiry';

/**
 * `redpacket.deadline` fires at a packet's deadline (one per packet: singletonKey); `redpacket.sweep`
 * runs every minute and expires every packet past its time, so a lost timer only delays.
 */
export const PACKET_DEADLINE = 'redpacket.deadline';
export const RED_PACKET_SWEEP = 'redpacket.sweep';

export async function sweepRedPackets(fork: () => EntityManager): Promise<number> {
  let total = 0;
  let n: number;
  do {
    n = await expirePackets(fork());
    total += n;
  } while (n >= EXPIRY_BATCH);
  return total;
}

export async function registerRedPacketJobs(queue: JobQueue, fork: () => EntityManager): Promise<void> {
  await queue.register<{ packetId: string }>(PACKET_DEADLINE, async ({ packetId }) => {
    await expirePackets(fork(), [packetId]);
  });
  await queue.register(
    RED_PACKET_SWEEP,
    async () => {
      await sweepRedPackets(fork);
    },
    { cron: '* * * * *' },
  );
}
