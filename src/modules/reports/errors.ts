/** Why a reports mutation was refused. */
export enum ReportsErrorCode {
  INVALID_WINDOW = 'INVALID_WINDOW',
}

/** What each ReportsErrorCode means, for the schema. */
export const reportsErrorCodeDescriptions: Record<keyof typeof ReportsErrorCode, { description: string }> = {
  INVALID_WINDOW: { description: 'The window of days is not valid: from after to, or longer than 366 days.' },
};
