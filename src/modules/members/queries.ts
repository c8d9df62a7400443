import { sql } from '../../lib/sql';

/** What other modules may read of the members' tables, as SQL for their composed statements. */

/** How many days a share-link touch attributes the buyer's orders (the member program's settings), as a SQL expression. */
export const ATTRIBUTION_WINDOW_DAYS = sql('(select attribution_window_days from member_program_settings where id = 1)');
