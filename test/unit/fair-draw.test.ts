import { createHash, createHmac } from 'node:crypto';
import { fairChoice, fairInteger, fairSplit, newSeed, seedCommitment } from '../../src/lib/fair-draw';

describe('fair draws', () => {
  const seed = 'a'.repeat(64);

  it('commits to the seed with its SHA-256', () => {
    const s = newSeed();
    expect(s).toMatch(/^[0-9a-f]{64}$/);
    expect(seedCommitment(s)).toBe(createHash('sha256').update(s).digest('hex'));
  });

  it('draws an integer from the first 48-bit block of HMAC(seed, "label:0") when it is below the limit', () => {
    const block = createHmac('sha256', seed).update('draw-1:0').digest().readUIntBE(0, 6);
    expect(fairInteger(seed, 'draw-1', 7)).toBe(block % 7);
  });

  it('is uniform over a range that does not divide 2^48 (no modulo bias)', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[fairInteger(seed, `d${i}`, 3)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it('maps a choice exactly onto the weights; a weight of 0 never wins', () => {
    const wins = [0, 0, 0];
    for (let i = 0; i < 4000; i++) wins[fairChoice(seed, `w${i}`, [1, 0, 3])]++;
    expect(wins[1]).toBe(0);
    expect(Math.abs(wins[0] - 1000)).toBeLessThan(150);
    expect(wins[0] + wins[2]).toBe(4000);
    expect(() => fairChoice(seed, 'x', [0, 0])).toThrow(RangeError);
  });

  it('splits a total into shares of at least the minimum that add up to it exactly, the same way every time', () => {
    for (let i = 0; i < 200; i++) {
      const shares = fairSplit(seed, `p${i}`, 1000, 5, 1);
      expect(shares).toHaveLength(5);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(Math.min(...shares)).toBeGreaterThanOrEqual(1);
      expect(fairSplit(seed, `p${i}`, 1000, 5, 1)).toEqual(shares);
    }
    expect(fairSplit(seed, 'q', 5, 5, 1)).toEqual([1, 1, 1, 1, 1]);
    expect(() => fairSplit(seed, 'q', 4, 5, 1)).toThrow(RangeError);
  });
});
