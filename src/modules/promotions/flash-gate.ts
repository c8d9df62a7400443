import type { EntityManager } from '@mikro-orm/postgresql';
import { runStatement, type StatementPart } from '../../lib/sql';

/** A live flash sale as the early refusal reads it. */
export interface LiveFlashSale {
  id: string;
  sku_id: string;
  flash_price: number;
  flash_stock: number;
  per_customer_limit: number;
}

/** How long the gate trusts what it read: a unit given back by a cancellation elsewhere shows after at most this. */
export const FLASH_GATE_MS = 200;

/**
 * The flash rush's fast gate, one per process: what was last read of each SKU's live flash sale,
 * kept for FLASH_GATE_MS, and the reads in flight shared. In a rush thousands of buyers arrive
 * within a second; once a sale is sold out they are turned away from memory instead of costing a
 * read each. It only ever refuses early, before the checkout's transaction: the conditional
 * decrement inside the transaction stays the one thing that decides who gets a unit. This process
 * forgets at once when it learns the flash stock changed (an operator's edit, a unit given
 * back, a decrement refused); another process's gate learns it within FLASH_GATE_MS.
 */
class FlashGate {
  private readonly known = new Map<string, { sale: LiveFlashSale | null; at: number }>();
  private readonly reading = new Map<string, Promise<void>>();

  /** The live flash sales of these SKUs (null: none), read at most once per FLASH_GATE_MS per SKU in this process. */
  async live(em: EntityManager, skuIds: readonly string[], query: (skuIds: readonly string[]) => StatementPart): Promise<Map<string, LiveFlashSale | null>> {
    const now = Date.now();
    const stale = skuIds.filter((id) => (this.known.get(id)?.at ?? -Infinity) < now - FLASH_GATE_MS);
    if (stale.length > 0) {
      const key = [...stale].sort().join(',');
      let read = this.reading.get(key);
      if (!read) {
        read = this.read(em, stale, query).finally(() => this.reading.delete(key));
        this.reading.set(key, read);
      }
      await read;
    }
    return new Map(skuIds.map((id) => [id, this.known.get(id)?.sale ?? null]));
  }

  private async read(em: EntityManager, skuIds: string[], query: (skuIds: readonly string[]) => StatementPart): Promise<void> {
    const at = Date.now();
    const [found] = await runStatement(em, [query(skuIds)]);
    const bySku = new Map((found as LiveFlashSale[]).map((f) => [f.sku_id, f]));
    for (const id of skuIds) this.known.set(id, { sale: bySku.get(id) ?? null, at });
  }

  /** Of these SKUs, those this process last knew to be in a live flash sale. */
  flashSkus(skuIds: readonly string[]): string[] {
    return skuIds.filter((id) => this.known.get(id)?.sale != null);
  }

  /** Flash stock changed (an operator's edit, a unit given back): read again next time. */
  forgetAll(): void {
    this.known.clear();
  }

  /** A decrement was refused: the sale has fewer left than was asked for, most likely none. */
  soldOut(skuId: string): void {
    const entry = this.known.get(skuId);
    if (entry?.sale) this.known.set(skuId, { sale: { ...entry.sale, flash_stock: 0 }, at: Date.now() });
  }
}

export const flashGate = new FlashGate();
