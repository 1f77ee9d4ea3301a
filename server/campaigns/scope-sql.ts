/**
 * SQL: the parcel aliased `parcel` counts in the campaign given by `campaign` (a parameter or column) — it is in
 * the campaign's scope (campaign_parcels; data/migrations/020_standing_ledger.sql). The one way every query asks
 * "the parcels of a campaign", now that parcels belong to the ledger rather than to one campaign.
 */
export const inCampaign = (parcel: string, campaign: string) =>
  `EXISTS (SELECT 1 FROM campaign_parcels cp WHERE cp.parcel_id = ${parcel}.id AND cp.campaign_id = ${campaign})`;
