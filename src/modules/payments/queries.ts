/**
 * What other modules may read of the payments' tables. Their SQL never names a payments table: it
 * joins a relation below under an alias of its own (PostgreSQL pulls the subquery up, so the plan
 * is the one a join of the table would get).
 */

/** Refunds: their order and their place in the order's refunds (1, 2, …). */
export const REFUNDS = '(select id, order_id, sequence from refund)';
