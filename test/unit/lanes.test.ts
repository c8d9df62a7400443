import { Lanes } from '../../src/lib/lanes';

/** Takes a place in the lane; resolves with the function that gives it up once the turn has come. */
const place = (lanes: Lanes, order: string[], name: string): Promise<() => void> =>
  new Promise((turn) => {
    const leave: () => void = lanes.take('k', () => {
      order.push(name);
      turn(() => leave());
    });
  });

/**
 * A line of three behind a first piece of work, each giving its place up at once once begun (no I/O:
 * without turns, the line would run through in one go), and something else the process has to do
 * (a notification read, a timer's callback) in the turn after the first gives its place up: the
 * order they all ran in.
 */
async function lineOfThree(lanes: Lanes): Promise<string[]> {
  const order: string[] = [];
  const first = place(lanes, order, 'first');
  const waiting = ['a', 'b', 'c'].map((name) => place(lanes, order, name));
  waiting.forEach((p) => void p.then((leave) => leave()));
  (await first)();
  setImmediate(() => order.push('other'));
  await Promise.all(waiting);
  await new Promise((r) => setTimeout(r, 5));
  return order;
}

describe('lanes that pass places on for a limited time per turn of the event loop', () => {
  it('begin the waiting work one per turn of the event loop, so other work of the process runs between them', async () => {
    expect(await lineOfThree(new Lanes(1, 0))).toEqual(['first', 'a', 'other', 'b', 'c']);
  });

  it('pass on the place of one that withdrew after being handed it, before its turn began', async () => {
    const lanes = new Lanes(1, 0);
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

  it('pass places on at once while the turn has time left', async () => {
    expect(await lineOfThree(new Lanes(1, 1000))).toEqual(['first', 'a', 'b', 'c', 'other']);
  });

  it('keep handing places at once without a time per turn', async () => {
    expect(await lineOfThree(new Lanes(1))).toEqual(['first', 'a', 'b', 'c', 'other']);
  });

  it('begin the next at once, in the same call, without a time per turn', async () => {
    const lanes = new Lanes(1);
    const order: string[] = [];
    const first = await place(lanes, order, 'first');
    let begun = false;
    lanes.take('k', () => (begun = true));
    first();
    expect(begun).toBe(true);
  });
});
