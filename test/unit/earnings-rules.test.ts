import { OverrideKind } from '../../src/modules/earnings/entities';
import { commission, levelCommissions, rateFor, reversedSoFar, shopMargin, whoEarns, withdrawalFee, type RuleVersion } from '../../src/modules/earnings/rules';

/** The earnings arithmetic and the who-earns rule, as pure functions. */
const version: RuleVersion = {
  id: 'v',
  levels: 2,
  level1_rate: 1000,
  level2_rate: 500,
  level3_rate: 0,
  self_purchase: false,
  bonus_level1: 0,
  bonus_level2: 0,
  frozen_days: 7,
  withdrawal_minimum: 100,
  withdrawal_fee_rate: 0,
  effective_from: new Date(0),
};
const chains: Record<string, string[]> = { s: ['s', 't', 'u'], i: ['i', 'j', 'k'], b: ['b', 'i', 'j'] };
const chainFrom = (id: string) => chains[id] ?? [id];
const everyone = () => true;

describe('whoEarns', () => {
  const share = { buyerId: 'b', sharerId: 's', inviterId: 'i', shopId: null, entry: 'product', selfPurchase: false };
  it('a share: the sharer and their inviters, up to the levels', () => {
    expect(whoEarns(share, 2, false, chainFrom, everyone)).toEqual([
      { level: 1, memberId: 's', path: ['b', 's'] },
      { level: 2, memberId: 't', path: ['b', 's', 't'] },
    ]);
    expect(whoEarns(share, 3, false, chainFrom, everyone).map((e) => e.memberId)).toEqual(['s', 't', 'u']);
    expect(whoEarns(share, 1, false, chainFrom, everyone).map((e) => e.memberId)).toEqual(['s']);
  });
  it('no share: the bound inviter chain', () => {
    expect(whoEarns({ ...share, sharerId: null }, 2, false, chainFrom, everyone).map((e) => e.memberId)).toEqual(['i', 'j']);
  });
  it('self-purchase: the buyer at level 1 only when on; otherwise the inviter chain', () => {
    const self = { ...share, sharerId: 'b', selfPurchase: true };
    expect(whoEarns(self, 2, true, chainFrom, everyone)).toEqual([
      { level: 1, memberId: 'b', path: ['b'] },
      { level: 2, memberId: 'i', path: ['b', 'i'] },
    ]);
    expect(whoEarns(self, 2, false, chainFrom, everyone).map((e) => e.memberId)).toEqual(['i', 'j']);
  });
  it('skips a level whose member is not a member, keeping the levels above theirs', () => {
    expect(whoEarns(share, 3, false, chainFrom, (id) => id !== 't').map((e) => [e.level, e.memberId])).toEqual([
      [1, 's'],
      [3, 'u'],
    ]);
  });
  it('never more than 3 levels', () => {
    expect(whoEarns(share, 9, false, () => ['s', 't', 'u', 'v', 'w'], everyone)).toHaveLength(3);
  });
});

describe('amounts', () => {
  it('fixed commissions are given out level by level from what is left of the base, never more than it in total', () => {
    const fixed = (value: number) => ({ kind: OverrideKind.FIXED, value });
    expect(levelCommissions([fixed(600), fixed(600), fixed(600)], 1000, 1)).toEqual([600, 400, 0]);
    expect(levelCommissions([fixed(300), fixed(200)], 1000, 2)).toEqual([600, 400]);
    expect(levelCommissions([fixed(300), fixed(200)], 0, 1)).toEqual([0, 0]);
    expect(
      levelCommissions(
        [
          { kind: OverrideKind.PERCENT, value: 1000 },
          { kind: OverrideKind.PERCENT, value: 500 },
        ],
        9999,
        3,
      ),
    ).toEqual([999, 499]);
  });

  it('rates: SKU beats product beats the version', () => {
    const overrides = [
      { product_id: 'p', sku_id: null, kind: OverrideKind.PERCENT, level1: 2000, level2: 1000, level3: 0 },
      { product_id: 'p', sku_id: 'k', kind: OverrideKind.FIXED, level1: 300, level2: 100, level3: 0 },
    ];
    expect(rateFor(version, overrides, 'p', 'k', 1)).toEqual({ kind: OverrideKind.FIXED, value: 300 });
    expect(rateFor(version, overrides, 'p', 'other', 2)).toEqual({ kind: OverrideKind.PERCENT, value: 1000 });
    expect(rateFor(version, overrides, 'q', 'x', 1)).toEqual({ kind: OverrideKind.PERCENT, value: 1000 });
  });
  it('commission rounds down; a fixed amount never exceeds the base', () => {
    expect(commission({ kind: OverrideKind.PERCENT, value: 1000 }, 9999, 3)).toBe(999);
    expect(commission({ kind: OverrideKind.FIXED, value: 500 }, 800, 2)).toBe(800);
    expect(commission({ kind: OverrideKind.PERCENT, value: 1000 }, 0, 1)).toBe(0);
  });
  it('shop margin only above the base price, at most the line total', () => {
    expect(shopMargin('SHOP_PRICE', 12000, 10000, 2, 24000)).toBe(4000);
    expect(shopMargin('SHOP_PRICE', 9000, 10000, 2, 18000)).toBe(0);
    expect(shopMargin('RETAIL', 12000, 10000, 2, 24000)).toBe(0);
    expect(shopMargin('SHOP_PRICE', 12000, 10000, 2, 3000)).toBe(3000);
  });
  it('reversals are cumulatively exact: their sum never exceeds the entry and equals it on a full refund', () => {
    for (const [entry, total] of [
      [999, 9999],
      [1, 3],
      [12345, 100000],
      [7, 7],
    ]) {
      let reversed = 0;
      for (let refunded = 0; refunded <= total; refunded += Math.max(1, Math.floor(total / 7))) {
        const target = reversedSoFar(entry, refunded, total);
        expect(target).toBeGreaterThanOrEqual(reversed);
        reversed = target;
      }
      expect(reversed).toBeLessThanOrEqual(entry);
      expect(reversedSoFar(entry, total, total)).toBe(entry);
    }
  });
  it('withdrawal fee to the nearest fen, halves up', () => {
    expect(withdrawalFee(1050, 100)).toBe(11);
    expect(withdrawalFee(3333, 100)).toBe(33);
    expect(withdrawalFee(1000, 0)).toBe(0);
  });
});

describe('the ledger is append-only', () => {
  it('no code updates or deletes an earning entry', () => {
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const { join } = jest.requireActual<typeof import('node:path')>('node:path'); // eslint-disable-line @typescript-eslint/unbound-method -- path.join needs no `this`
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of fs.readdirSync(dir)) {
        const path = join(dir, name);
        if (fs.statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk(join(__dirname, '..', '..', 'src'));
    const offending = files.filter((f) =>
      /(update\s+"?earning_entry\b|delete\s+from\s+"?earning_entry\b|nativeDelete\(\s*EarningEntry|nativeUpdate\(\s*EarningEntry)/i.test(
        fs.readFileSync(f, 'utf8'),
      ),
    );
    expect(offending).toEqual([]);
  });
});
