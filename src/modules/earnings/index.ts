import type { ModuleManifest } from '../manifest';
import { CommissionOverride, CommissionRuleVersion, EarningEntry, EarningOrder, EarningRefund, MemberBalance, Withdrawal } from './entities';
import { registerEarningsJobs } from './jobs';
import {
  CommissionSettingsResolver,
  EarningEntrySourceResolver,
  EarningsReconciliationResolver,
  EarningsOperatorResolver,
  MemberBalanceResolver,
  MyEarningsResolver,
  WithdrawalResolver,
  earningEntryNode,
  withdrawalNode,
} from './resolver';
import { accrueOnPaid, recordCompletionOnCompleted, reverseOnCancelled, reverseOnRefunded } from './subscribers';

/** Commissions and bonuses on attributed orders, their settlement, balances and withdrawals. */
export const earningsModule: ModuleManifest = {
  name: 'earnings',
  entities: [CommissionRuleVersion, CommissionOverride, EarningOrder, EarningRefund, EarningEntry, MemberBalance, Withdrawal],
  resolvers: [
    CommissionSettingsResolver,
    MyEarningsResolver,
    WithdrawalResolver,
    EarningsOperatorResolver,
    MemberBalanceResolver,
    EarningsReconciliationResolver,
    EarningEntrySourceResolver,
  ],
  nodeTypes: { EarningEntry: earningEntryNode, Withdrawal: withdrawalNode },
  orderEventSubscribers: [
    { event: 'order.paid', handler: accrueOnPaid },
    { event: 'order.completed', handler: recordCompletionOnCompleted },
    { event: 'order.refunded', handler: reverseOnRefunded },
    { event: 'order.cancelled', handler: reverseOnCancelled },
  ],
  jobs: ({ queue, fork }) => registerEarningsJobs(queue, fork),
};
