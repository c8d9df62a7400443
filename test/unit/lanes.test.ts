import { Lanes } from '../../src/lib/lanes';

/** Takes a place in the lane; resolves with the function that gives it up once the turn has come. */
const place = (lanes: Lanes, order: string[], name: string): Promise<() => void> =>
  new Promise((turn) => {
    const leave: () => void = lanes.take('k', () => {
      order.push(name);
      turn(() => leave());
    });
  });

describe('lanes that pass each place in a turn of its own', () => {
  it('begin the waiting work one per turn of the event loop, so a timer due meanwhile runs between them', async () => {
    const lanes = new Lanes(1, true);
    const order: string[] = [];
    const first = place(lanes, order, 'first');
    const waiting = ['a', 'b', 'c'].map((name) => place(lanes, order, name));
    // Each, once begun, gives its place up at once, with no I/O: without a turn each, the line would run through in one go.
    waiting.forEach((p) => void p.then((leave) => leave()));
    (await first)();
    setTimeout(() => order.push('timer'), 0);
    await Promise.all(waiting);
    await new Promise((r) => setTimeout(r, 5));
    expect(order.slice(0, 2)).toEqual(['first', 'a']);
    expect(order.filter((n) => n !== 'timer')).toEqual(['first', 'a', 'b', 'c']);
    // The timer ran before the last of the line began.
    expect(order.indexOf('timer')).toBeLessThan(order.indexOf('c'));
  });

  it('pass on the place of one that withdrew after being handed it, before its turn began', async () => {
    const lanes = new Lanes(1, true);
    const order: string[] = [];
    const first = await place(lanes, order, 'first');
    const withdrawn = lanes.take('k', () => order.push('withdrawn'));
    const last = place(lanes, order, 'last');
    // The place is handed to the next in line, whose turn is the next turn of the event loop…
    first();
    // …but it withdraws before then: the place passes on to the one after it.
    withdrawn();
    (await last)();
    expect(order).toEqual(['first', 'last']);
    // Every place is free again.
    const again = await place(lanes, order, 'again');
    again();
    expect(order.at(-1)).toBe('again');
  });

  it('keep handing places at once without the option', async () => {
    const lanes = new Lanes(1);
    const order: string[] = [];
    const first = await place(lanes, order, 'first');
    let begun = false;
    lanes.take('k', () => (begun = true));
    first();
    expect(begun).toBe(true);
  });
});
