/**
 * What other modules may read of the payments' tables. Their SQL never names a payments table: it
 * joins a relation below under an alias of its own (PostgreSQL pulls the subquery up, so the plan
 * is the one a join of the table would get).
 */

/** Refunds: their order, their place in the order's refunds (1, 2, …), its kind ('order': money of the order given back; 'unapplied_payment': a payment the order never took), what was given back (fen, shipping included) and when. */
export const REFUNDS = '(select id, order_id, sequence, kind, amount, created_at from refund)';
