import { LiveGate } from '../../src/modules/live/gate';

describe('the live rush gate', () => {
  it('lets at most its width of checkouts of an item run at once; the others go in arrival order', async () => {
    const gate = new LiveGate(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const runs = Array.from({ length: 6 }, (_, i) =>
      gate.through(['item'], async () => {
        running++;
        most = Math.max(most, running);
        order.push(i);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      }),
    );
    while (order.length < 6) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    releases.forEach((r) => r());
    await Promise.all(runs);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('frees the place of a checkout that failed', async () => {
    const gate = new LiveGate(1);
    await expect(gate.through(['item'], () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(gate.through(['item'], async () => 'placed')).resolves.toBe('placed');
  });

  it('takes the lanes of several items in one order, so two orders of the same items never wait for each other', async () => {
    const gate = new LiveGate(1);
    const both = await Promise.all([gate.through(['a', 'b'], async () => 1), gate.through(['b', 'a'], async () => 2)]);
    expect(both).toEqual([1, 2]);
  });

  it('trusts a sold-out mark for its time only, for the session it was read in, until units come back', async () => {
    const gate = new LiveGate(1, 50);
    gate.markSoldOut('s1', 'item');
    expect(gate.soldOut('s1', 'item')).toBe(true);
    expect(gate.soldOut('s2', 'item')).toBe(false);
    gate.forget(['item']);
    expect(gate.soldOut('s1', 'item')).toBe(false);
    gate.markSoldOut('s1', 'item');
    await new Promise((r) => setTimeout(r, 60));
    expect(gate.soldOut('s1', 'item')).toBe(false);
  });
});
