import type { Harness } from './harness';

/** Coupon steps shared by the coupon tests, all over HTTP. */

export const CREATE_TEMPLATE = `mutation($input: CouponTemplateCreateInput!) {
  createCouponTemplate(input: $input) {
    template { id name kind amountOff { amount } percentOffBasisPoints maxDiscount { amount } threshold { amount } scope productIds categoryIds validity validFrom validUntil validDays
               totalQuantity issuedCount remaining perCustomerLimit claimStartsAt claimEndsAt distribution endedAt }
    userErrors { code field message }
  }
}`;

export const CLAIM =
  'mutation($input: ClaimCouponInput!) { claimCoupon(input: $input) { coupon { id status validFrom validUntil template { id name } } userErrors { code field message } } }';

export async function template(h: Harness, op: string, input: Record<string, unknown>): Promise<{ id: string }> {
  const res = await h.gql(
    CREATE_TEMPLATE,
    {
      input: {
        name: '满99减12',
        kind: 'AMOUNT_OFF',
        amountOff: '12.00',
        threshold: '99.00',
        validity: 'DAYS_AFTER_CLAIM',
        validDays: 7,
        distribution: 'CLAIMABLE',
        ...input,
      },
    },
    { token: op, key: null },
  );
  if (res.data?.createCouponTemplate?.userErrors?.length !== 0) throw new Error(`createCouponTemplate: ${JSON.stringify(res.body)}`);
  return res.data.createCouponTemplate.template;
}

export async function claim(h: Harness, token: string, templateId: string): Promise<string> {
  const res = await h.gql(CLAIM, { input: { templateId } }, { token });
  if (res.data?.claimCoupon?.userErrors?.length !== 0) throw new Error(`claimCoupon: ${JSON.stringify(res.body)}`);
  return res.data.claimCoupon.coupon.id;
}

export const couponStatus = async (h: Harness, couponGlobalId: string): Promise<string> =>
  (await h.sql('select status from coupon where id = $1', [Buffer.from(couponGlobalId, 'base64url').toString('utf8').split(':')[1]]))[0].status;
