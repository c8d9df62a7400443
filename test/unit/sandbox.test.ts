import { SandboxProvider } from '../../src/modules/payments/sandbox';

const sandbox = new SandboxProvider('a-test-secret-of-at-least-32-characters');

describe('the sandbox provider', () => {
  it('verifies its own callbacks within five minutes, and nothing else', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const { rawBody, signature } = sandbox.callback({ providerPaymentId: 'sbx_pay_1', amount: 1234, orderNumber: 'N' }, 'succeeded', now);
    const verify = (at: Date, body = rawBody, sig = signature) => sandbox.verifyCallback({ 'x-sandbox-signature': sig }, body, at);
    expect(verify(now)).toEqual({
      ok: true,
      event: { eventId: expect.stringMatching(/^evt_/), type: 'payment.succeeded', providerPaymentId: 'sbx_pay_1', amount: 1234 },
    });
    expect(verify(new Date(now.getTime() + 300_000)).ok).toBe(true);
    expect(verify(new Date(now.getTime() + 301_000))).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/stale/) });
    expect(verify(new Date(now.getTime() - 301_000))).toMatchObject({ ok: false, status: 400 });
    expect(verify(now, Buffer.from(rawBody.toString().replace('1234', '1')))).toMatchObject({ ok: false, status: 401 });
    const other = new SandboxProvider('another-secret-of-at-least-32-characters');
    expect(verify(now, rawBody, other.sign(rawBody, Math.floor(now.getTime() / 1000)))).toMatchObject({ ok: false, status: 401 });
  });

  it('opens only tokens it issued', async () => {
    const created = await sandbox.createPayment({ amount: 500, orderNumber: '2026112400001' });
    expect(sandbox.openToken(created.token)).toEqual({ providerPaymentId: created.providerPaymentId, amount: 500, orderNumber: '2026112400001' });
    const [body, sig] = created.token.split('.');
    const forged = Buffer.from(JSON.stringify({ providerPaymentId: created.providerPaymentId, amount: 1, orderNumber: 'x' })).toString('base64url');
    expect(sandbox.openToken(`${forged}.${sig}`)).toBeNull();
    expect(sandbox.openToken(body)).toBeNull();
    expect(new SandboxProvider('another-secret-of-at-least-32-characters').openToken(created.token)).toBeNull();
  });

  it('gives the same refund for the same idempotency key, and refuses more than the payment', async () => {
    const ask = (idempotencyKey: string, amount = 100) => sandbox.refund({ providerPaymentId: 'sbx_pay_1', paymentAmount: 500, amount, idempotencyKey });
    expect(await ask('N-R1')).toEqual(await ask('N-R1'));
    expect(await ask('N-R1')).not.toEqual(await ask('N-R2'));
    await expect(ask('N-R3', 501)).rejects.toThrow(/cannot refund/);
  });
});
