/** The warnings API as the web app reads it: the server's own types (server/warnings), imported as types only. */
import type { IdleSection } from '../../../server/warnings/idle-section.ts';

export type { CampaignWarningCounts, CampaignWarnings } from '../../../server/warnings/campaign-warnings.ts';

/** What GET /api/parcels/:id adds for the idle-land rules. */
export type IdleSectionData = Partial<IdleSection>;
