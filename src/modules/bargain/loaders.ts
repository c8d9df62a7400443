import DataLoader from 'dataloader';
import type { RequestContext } from '../../lib/request-context';
import { BargainReads, type CutRow } from './reads';

/** Per-request batching of bargains' cuts: a page of bargains reads its cuts in one statement. */
const cuts = (ctx: RequestContext) =>
  new DataLoader<string, CutRow[]>(async (ids) => {
    const rows = await new BargainReads(ctx.em).cuts(ids);
    return ids.map((id) => rows.filter((r) => r.bargain_id === id));
  });

export function cutsLoader(ctx: RequestContext): DataLoader<string, CutRow[]> {
  return ctx.use(cuts);
}
