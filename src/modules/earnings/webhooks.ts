import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../lib/ids';
import { formatFen } from '../../lib/money';
import { run } from '../../lib/sql';
import { registrationAppOf } from '../accounts/queries';
import { publishWebhookEvent, type WebhookEventType } from '../webhooks/events';

const money = (fen: number) => ({ amount: formatFen(Number(fen)), currencyCode: 'CNY' });

/**
 * Tells webhooks of a withdrawal's step, inside its transaction. A withdrawal belongs to no order:
 * the event goes to the app the member registered through, or — for a member with none — to every
 * app's endpoints subscribed to the type.
 */
export async function publishWithdrawalWebhook(tx: EntityManager, withdrawalId: string, type: WebhookEventType): Promise<void> {
  const [w] = await run<{ id: string; member_id: string; amount: number; fee: number; status: string; reason: string | null; requested_at: string }>(
    tx,
    'select id, member_id, amount, fee, status, reason, requested_at from withdrawal where id = ?',
    [withdrawalId],
  );
  const id = toGlobalId('Withdrawal', w.id);
  await publishWebhookEvent(tx, {
    type,
    storefrontAppId: await registrationAppOf(tx, w.member_id),
    resourceType: 'withdrawal',
    resourceId: id,
    source: `withdrawal:${w.id}:${w.status}`,
    data: {
      withdrawal: {
        id,
        memberId: toGlobalId('Account', w.member_id),
        amount: money(w.amount),
        fee: money(w.fee),
        status: w.status.toUpperCase(),
        reason: w.reason,
        requestedAt: new Date(w.requested_at).toISOString(),
      },
    },
  });
}
