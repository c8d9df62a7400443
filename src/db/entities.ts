import { IdempotencyRecord } from '../lib/idempotency';
import { modules } from '../modules';

/** Every MikroORM entity: the idempotency records (lib), then each module's, in the order of src/modules/index.ts. The migrations are generated from these. */
export const entities = [IdempotencyRecord, ...modules.flatMap((m) => m.entities ?? [])];
