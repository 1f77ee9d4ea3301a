import type { MultiPolygon } from 'geojson';
import type { Category, Status } from './categories.ts';

/** The ledger fields of a parcel (台账), as the API and the demo data carry them. Areas are mu. */
export interface ParcelFields {
  code: string;
  projectName: string;
  category: Category;
  status: Status;
  ledgerMu: number;
  approvalBatch: string | null;
  approvalNumber: string | null;
  approvalDate: string | null;
  approvedMu: number | null;
  /** 电子监管号: the supply record's key in the national land-market monitoring system. */
  supervisionNumber: string | null;
  supplyMethod: string | null;
  supplyDate: string | null;
  /** Land price in 万元 (10,000 yuan). */
  supplyPriceWan: number | null;
  landUse: string | null;
  landUser: string | null;
  agreedStartDate: string | null;
  reasons: string | null;
  sourceLists: string[];
  disposalMethod: string | null;
  responsiblePerson: string | null;
  remarks: string | null;
}

export interface DisposalRecord {
  date: string;
  mu: number;
  method: string;
  note: string | null;
}

/** A parcel as the demo data and imports bring it: fields, the code of its unit, its boundary and disposals. */
export interface ParcelSeed extends ParcelFields {
  unitCode: string;
  geometry: MultiPolygon | null;
  disposals: DisposalRecord[];
}

/** 电子监管号: 6-digit division code, 4-digit year, a letter, 5-digit serial (e.g. 4117022019B00345). */
export const SUPERVISION_NUMBER = /^\d{6}(19|20)\d{2}[A-Z]\d{5}$/;
