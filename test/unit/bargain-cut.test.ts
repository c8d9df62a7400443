import { cutAmount, cutUnit } from '../../src/modules/bargain/cut';

/** A small seeded generator, so a failure can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the bargain cut allocation', () => {
  it('over 5,000 random bargains: every cut at least 1 fen, the price never below the floor, the floor reached exactly with the last helper needed, cuts summing to start − current at every step', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 5000; seed++) {
      const random = mulberry32(seed);
      const helpers = 1 + Math.floor(random() * 100);
      const floor = Math.floor(random() * 10_000);
      const start = floor + helpers + Math.floor(random() * 1_000_000);
      const boost = random() < 0.5 ? 100 : 100 + Math.floor(random() * 201);
      let current = start;
      let cut = 0;
      for (let i = 0; i < helpers; i++) {
        const amount = cutAmount(current - floor, helpers - i, random() < 0.05 ? 0.999999 : random(), random() < 0.3 ? boost : 100);
        if (!Number.isInteger(amount) || amount < 1 || current - amount < floor) failures.push(`seed ${seed}, cut ${i}: ${amount} from ${current}`);
        current -= amount;
        cut += amount;
        if (cut !== start - current) failures.push(`seed ${seed}, cut ${i}: cuts ${cut} ≠ ${start - current}`);
        // Every helper still needed keeps at least 1 fen to cut.
        if (current - floor < helpers - i - 1) failures.push(`seed ${seed}, cut ${i}: too little left`);
      }
      if (current !== floor) failures.push(`seed ${seed}: ended at ${current}, floor ${floor}`);
    }
    expect(failures).toEqual([]);
  });

  it('is deterministic per bargain and position, with units in [0, 1)', () => {
    const id = '01a20c06-2ac8-7f10-a444-152009c538d7';
    expect(cutUnit(id, 3)).toBe(cutUnit(id, 3));
    expect(cutUnit(id, 3)).not.toBe(cutUnit(id, 4));
    for (let i = 0; i < 1000; i++) {
      const u = cutUnit(id, i);
      expect(u >= 0 && u < 1).toBe(true);
    }
  });

  it('cuts around the even share: between half of it and one and a half times it (boosted: more)', () => {
    expect(cutAmount(1000, 10, 0)).toBe(50);
    expect(cutAmount(1000, 10, 0.999999)).toBe(150);
    expect(cutAmount(1000, 10, 0.999999, 200)).toBe(300);
    expect(cutAmount(1000, 1, 0.3)).toBe(1000);
    expect(cutAmount(5, 5, 0.9)).toBe(1);
    expect(() => cutAmount(10, 0, 0.5)).toThrow(RangeError);
  });
});
