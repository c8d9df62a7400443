import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type PageArgs } from '../../lib/pagination';
import { count, rows } from '../../lib/sql';
import { operatorTimeZone } from '../coupons/settings';
import { minuteOfDay } from './flash-pricing';

export interface SlotRow {
  id: string;
  name: string;
  start_minute: number;
  end_minute: number;
}

export interface FlashSaleRow {
  id: string;
  slot_id: string;
  sku_id: string;
  flash_price: number;
  flash_stock: number;
  sold: number;
  per_customer_limit: number;
  starts_at: string;
  ends_at: string;
  ended_at: string | null;
  live: boolean;
}

const SALE_COLUMNS = [
  'f.id',
  'f.slot_id',
  'f.sku_id',
  'f.flash_price',
  'f.flash_stock',
  'f.sold',
  'f.per_customer_limit',
  'f.starts_at',
  'f.ends_at',
  'f.ended_at',
];

/** Flash sales' read path: plain rows. Slots by time of day; campaigns newest first. */
export class PromotionReads {
  constructor(private readonly em: EntityManager) {}

  private get knex() {
    return this.em.getKnex();
  }

  async slot(id: string): Promise<SlotRow | null> {
    return (await rows<SlotRow>(this.em, this.knex('flash_slot').select('id', 'name', 'start_minute', 'end_minute').where('id', id)))[0] ?? null;
  }

  slotList(args: PageArgs) {
    return keysetPage<SlotRow>(
      this.em,
      this.knex('flash_slot').select('id', 'name', 'start_minute', 'end_minute'),
      args,
      [
        { sql: 'start_minute', direction: 'asc', value: (r) => r.start_minute },
        { sql: 'id', direction: 'asc', value: (r) => r.id },
      ],
      () => count(this.em, this.knex('flash_slot')),
    );
  }

  private saleQuery(now: Date, minute: number): Knex.QueryBuilder {
    return this.knex({ f: 'flash_sale' })
      .join({ s: 'flash_slot' }, 's.id', 'f.slot_id')
      .select([
        ...SALE_COLUMNS,
        this.knex.raw('(f.ended_at is null and f.starts_at <= ? and f.ends_at > ? and s.start_minute <= ? and s.end_minute > ?) as live', [
          now,
          now,
          minute,
          minute,
        ]),
      ]);
  }

  async sale(id: string): Promise<FlashSaleRow | null> {
    const now = new Date();
    return (await rows<FlashSaleRow>(this.em, this.saleQuery(now, minuteOfDay(now, await operatorTimeZone(this.em))).where('f.id', id)))[0] ?? null;
  }

  async saleList(args: PageArgs, filter: { running?: boolean | null; liveNow?: boolean | null; slotId?: string | null }) {
    const now = new Date();
    const minute = minuteOfDay(now, await operatorTimeZone(this.em));
    const where = (q: Knex.QueryBuilder) => {
      if (filter.running === true) q.whereNull('f.ended_at').where('f.ends_at', '>', now);
      if (filter.running === false) {
        q.where((w) => {
          w.whereNotNull('f.ended_at').orWhere('f.ends_at', '<=', now);
        });
      }
      if (filter.liveNow)
        q.whereNull('f.ended_at')
          .where('f.starts_at', '<=', now)
          .where('f.ends_at', '>', now)
          .where('s.start_minute', '<=', minute)
          .where('s.end_minute', '>', minute);
      if (filter.slotId) q.where('f.slot_id', filter.slotId);
      return q;
    };
    return keysetPage<FlashSaleRow>(this.em, where(this.saleQuery(now, minute)), args, [{ sql: 'f.id', direction: 'desc', value: (r) => r.id }], () =>
      count(this.em, where(this.knex({ f: 'flash_sale' }).join({ s: 'flash_slot' }, 's.id', 'f.slot_id'))),
    );
  }
}
