import type { FieldProblem } from '../../core/parcel-input.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { validateBodies } from './service/validate.ts';
import type { ParcelContent } from './service/types.ts';

/**
 * Checks untrusted parcel content — ledger fields, the boundary (the shared rules, then PostGIS's ST_IsValid) and
 * the stored unit's form — and returns it typed, or every problem found, each in words for the person who sent it.
 * (The write service checks many at once with validateBodies; this is the same check for one.)
 */
export async function validateContent(db: Queryable, body: Record<string, unknown>): Promise<{ content: ParcelContent | null; problems: FieldProblem[] }> {
  const [result] = await validateBodies(db, [body]);
  return result!;
}

/** validateContent, or a 400 listing every problem at once. */
export async function parseContent(db: Queryable, body: Record<string, unknown>): Promise<ParcelContent> {
  const { content, problems } = await validateContent(db, body);
  if (!content) throw invalidParcel(problems);
  return content;
}

export const invalidParcel = (problems: FieldProblem[]) =>
  new ApiError(400, 'invalid_parcel', `地块数据有误：${problems.map((p) => p.message).join('；')}`, { problems });
