/**
 * The one parcel-write service: every way into the ledger (the parcel routes, import commit, the 批供比对 conversion,
 * bulk edit, the demo loader) writes parcels through writeParcels, for one parcel or ten thousand, in the caller's
 * transaction:
 *   lock and read the parcels as they are → version and state → permission before (editors: within their units)
 *   → validation (fields, boundary, ST_IsValidReason) → the client's unit (only without a boundary) → unique codes
 *   → the parcel's life (events: those a new record implies, those an edit means) → write → unit derived from the
 *   boundary → permission after → the life's periods → change set and history.
 * Each step is one query for all parcels; every refusal is collected and answered at once, and nothing is written
 * unless all pass. The triggers keep unit shares, areas and the data version (all statement-level, set-based).
 */
import { todayInChina } from '../../../core/dates.ts';
import { editLimitedToUnits } from '../../../core/roles.ts';
import type { FieldProblem } from '../../../core/parcel-input.ts';
import type { Queryable } from '../../db/types.ts';
import { getParcel } from '../queries.ts';
import { parcelFeature } from '../serialize.ts';
import { codeHolders, existingCampaigns, type CodeHolder, ledgersOf, lockParcels, outsideUnits, unitCampaigns } from './checks.ts';
import { refusedError, type Refusal } from './refusals.ts';
import { keepPeriods } from '../../parcel-life/periods.ts';
import { recordLedgerLives, recordLifeEdits } from '../../parcel-life/record.ts';
import { deriveUnits, insertChangeSet, insertDisposals, insertRows, recordHistory, setDeletedRows, updateRows, writtenRows } from './rows.ts';
import { snapshotsOf } from './snapshot.ts';
import type { Current, HistoryAction, ParcelChange, ParcelContent, Snapshot, WriteRequest, Written } from './types.ts';
import { validateBodies } from './validate.ts';

export type { Actor, Current, HistoryAction, ParcelChange, ParcelContent, Snapshot, WriteRequest, Written } from './types.ts';

const OWN_ACTION: Record<ParcelChange['op'], HistoryAction> = { create: 'create', update: 'update', delete: 'delete', undelete: 'restore' };

const withoutVersion = ({ version: _version, ...snapshot }: Current): Snapshot => snapshot;

/** Writes the changes, all or nothing; returns each parcel as written, in the order of the changes. */
export async function writeParcels(tx: Queryable, request: WriteRequest, changes: readonly ParcelChange[]): Promise<{ written: Written[]; changeSetId: number | null }> {
  const refusals: Refusal[] = [];
  const refused = new Set<number>();
  // One refusal per change: the first reason found.
  const refuse = (index: number, r: Omit<Refusal, 'index'>) => {
    if (!refused.has(index)) refusals.push({ ...r, index });
    refused.add(index);
  };
  const open = (i: number) => !refused.has(i);
  const answer = () => {
    if (refusals.length) throw refusedError(refusals, changes.length, changes.map((c) => c.label), request.what);
  };
  const limited = editLimitedToUnits(request.actor.role);

  // 1. The existing parcels, locked, as they are.
  const existingIds = [...new Set(changes.flatMap((c) => (c.op === 'create' ? [] : [c.id])))];
  const campaignOf = await lockParcels(tx, existingIds);
  const current = await snapshotsOf(tx, existingIds);
  const seen = new Set<number>();
  for (const [i, c] of changes.entries()) {
    if (c.op === 'create') continue;
    const now = current.get(c.id);
    if (!now) {
      refuse(i, { id: c.id, code: null, status: 404, error: 'not_found', reason: `地块 ${c.id} 不存在` });
      continue;
    }
    const base = { id: c.id, code: now.code };
    if (seen.has(c.id)) refuse(i, { ...base, status: 400, error: 'bad_request', reason: '同一地块在一次修改中出现了两次' });
    seen.add(c.id);
    if (c.version !== undefined && c.version !== now.version) {
      const feature = changes.length === 1 ? await getParcel(tx, c.id) : null;
      refuse(i, {
        ...base, status: 409, error: 'version_conflict',
        reason: `地块已被他人修改（您看到的是第 ${c.version} 版，当前为第 ${now.version} 版），请刷新、比较后再保存`,
        extra: { current: feature ? parcelFeature(feature) : now },
      });
    } else if (c.op === 'undelete' && !now.deleted) refuse(i, { ...base, status: 409, error: 'not_deleted', reason: '地块未被删除' });
    else if (c.op !== 'undelete' && now.deleted) refuse(i, { ...base, status: 409, error: 'deleted', reason: '地块已被删除，请先由管理员恢复' });
  }

  // 2. An editor changes only parcels lying within their units, as they are now…
  if (limited) {
    const ids = changes.flatMap((c, i) => (c.op !== 'create' && open(i) ? [c.id] : []));
    const { outside, names } = await outsideUnits(tx, request.actor.unitIds, ids);
    for (const [i, c] of changes.entries()) {
      if (c.op !== 'create' && open(i) && outside.has(c.id)) {
        refuse(i, { id: c.id, code: current.get(c.id)!.code, status: 403, error: 'outside_units', reason: `地块修改前超出您负责的单位范围（${names ?? '无'}），不能修改` });
      }
    }
  }

  // 3. New parcels need their campaign.
  const creates = changes.flatMap((c, i) => (c.op === 'create' ? [{ c, i }] : []));
  const campaigns = await existingCampaigns(tx, [...new Set(creates.map(({ c }) => c.campaignId))]);
  for (const { c, i } of creates) {
    if (!campaigns.has(c.campaignId)) refuse(i, { id: null, code: null, status: 404, error: 'not_found', reason: `专项行动 ${c.campaignId} 不存在` });
  }

  // 4. The content of creates and updates, checked all at once.
  const bodies = changes.map((c, i) => (!open(i) ? null : c.op === 'create' ? c.body : c.op === 'update' ? c.body(current.get(c.id)!) : null));
  const toValidate = bodies.flatMap((b, i) => (b ? [i] : []));
  const results = await validateBodies(tx, toValidate.map((i) => bodies[i]!), toValidate.map((i) => {
    const c = changes[i]!;
    return c.op === 'update' ? current.get(c.id)!.geometry : undefined;
  }));
  const contents = new Map<number, ParcelContent>();
  const codeOf = (i: number) => {
    const c = changes[i]!;
    return c.op === 'create' ? (typeof c.body.code === 'string' ? c.body.code : null) : current.get(c.id)?.code ?? null;
  };
  const invalid = (i: number, problems: FieldProblem[]) => {
    const c = changes[i]!;
    refuse(i, {
      id: c.op === 'create' ? null : c.id, code: codeOf(i), status: 400, error: 'invalid_parcel',
      reason: `地块数据有误：${problems.map((p) => p.message).join('；')}`, extra: { problems },
    });
  };
  for (const [k, i] of toValidate.entries()) {
    const result = results[k]!;
    if (result.content) contents.set(i, result.content);
    else invalid(i, result.problems);
  }
  const campaignOfChange = (i: number) => {
    const c = changes[i]!;
    return c.op === 'create' ? c.campaignId : campaignOf.get(c.id)!;
  };

  // 5. The client's unit counts only for a parcel without a boundary, and must be one of its campaign's units.
  const givenUnits = [...contents.entries()].filter(([i, content]) => {
    const c = changes[i]!;
    return !content.geometry && content.unitId !== null && !(c.op === 'update' && current.get(c.id)!.unitId === content.unitId);
  });
  const unitsKnown = await unitCampaigns(tx, [...new Set(givenUnits.map(([, content]) => content.unitId!))]);
  for (const [i, content] of givenUnits) {
    const campaignsOfUnit = unitsKnown.get(content.unitId!);
    if (!campaignsOfUnit?.includes(campaignOfChange(i))) {
      invalid(i, [{ field: 'unitId', message: `所属单位（unitId）：单位 ${content.unitId} ${campaignsOfUnit ? '不属于该专项行动' : '不存在'}` }]);
    }
  }

  // 6. Codes are unique in the ledger (migration 020: all the bureau's campaigns), among live and deleted parcels
  // (codeHolders), and so within the request too: two campaigns of one ledger written together share their codes.
  const openContents = [...contents.entries()].filter(([i]) => open(i));
  const ledgers = await ledgersOf(tx, openContents.map(([i]) => campaignOfChange(i)));
  const coded = openContents.map(([i, content]) => ({ i, ledgerId: ledgers.get(campaignOfChange(i))!, code: content.fields.code }));
  const holders = new Map<string, CodeHolder[]>();
  for (const h of await codeHolders(tx, coded)) {
    const key = `${h.ledgerId}\u0000${h.code}`;
    holders.set(key, [...(holders.get(key) ?? []), h]);
  }
  const firstWith = new Map<string, number>();
  for (const { i, ledgerId, code } of coded) {
    const c = changes[i]!;
    const self = c.op === 'create' ? null : c.id;
    const key = `${ledgerId}\u0000${code}`;
    const other = holders.get(key)?.find((h) => h.id !== self);
    const earlier = firstWith.get(key);
    const base = { id: self, code: codeOf(i), status: 409 as const, error: 'duplicate_code' };
    if (other) {
      refuse(i, {
        ...base, reason: `地块编号“${code}”已存在，属于地块 ${other.id}“${other.projectName}”${other.deleted ? '（已删除）' : ''}`,
        extra: { other: { id: other.id, code: other.code, projectName: other.projectName, deleted: other.deleted } },
      });
    } else if (earlier !== undefined) {
      refuse(i, { ...base, reason: `地块编号“${code}”在本次写入中重复（与${changes[earlier]!.label ?? `第 ${earlier + 1} 宗`}）` });
    } else firstWith.set(key, i);
  }
  answer();

  // 7. The parcels' lives: an edit of a field a life is read from is an event, recorded before the field is written
  // (a life never stored is first read from the record as it was).
  const recorder = { source: request.source ?? 'person', actor: request.actor.username } as const;
  await recordLifeEdits(tx, changes.flatMap((c, i) => (c.op === 'update' && !c.eventsRecorded && contents.has(i)
    ? [{ parcelId: c.id, before: current.get(c.id)!, after: contents.get(i)!.fields, ledgerMu: contents.get(i)!.fields.ledgerMu }] : [])), recorder, todayInChina());

  // 8. Write, all kinds at once; new parcels with their disposal records and the events their records imply.
  const createIdx = creates.map(({ i }) => i);
  const newIds = await insertRows(tx, createIdx.map((i) => ({ campaignId: campaignOfChange(i), content: contents.get(i)! })), request.isDemo ?? false);
  const idOf = new Map<number, number>(createIdx.map((i, k) => [i, newIds[k]!]));
  await insertDisposals(tx, creates.flatMap(({ c, i }) => (c.op === 'create' ? (c.disposals ?? []).map((d) => ({ ...d, parcelId: idOf.get(i)! })) : [])));
  await recordLedgerLives(tx, newIds, recorder);
  const updates = changes.flatMap((c, i) => {
    if (c.op !== 'update') return [];
    const content = contents.get(i)!;
    idOf.set(i, c.id);
    return [{ id: c.id, content, geometryChanged: JSON.stringify(content.geometry) !== JSON.stringify(current.get(c.id)!.geometry) }];
  });
  await updateRows(tx, updates);
  const flagged = (op: 'delete' | 'undelete') => changes.flatMap((c, i) => (c.op === op ? (idOf.set(i, c.id), [c.id]) : []));
  await setDeletedRows(tx, flagged('delete'), flagged('undelete'));

  // 9. The unit of every new boundary, from the boundary.
  await deriveUnits(tx, [...newIds.filter((_, k) => contents.get(createIdx[k]!)!.geometry), ...updates.filter((u) => u.geometryChanged && u.content.geometry).map((u) => u.id)]);

  // 10. …and an editor's parcels must still lie within their units as written.
  if (limited) {
    const changed = [...contents.keys()].map((i) => idOf.get(i)!);
    const { outside, names } = await outsideUnits(tx, request.actor.unitIds, changed);
    for (const i of contents.keys()) {
      if (outside.has(idOf.get(i)!)) {
        const c = changes[i]!;
        const by = outside.get(idOf.get(i)!)! > 0 ? `，超出 ${outside.get(idOf.get(i)!)!.toFixed(2)} 亩` : '';
        const reason = c.op === 'create' ? `新建地块超出您负责的单位范围（${names ?? '无'}）${by}，不能保存` : `地块修改后超出您负责的单位范围（${names ?? '无'}）${by}，不能修改`;
        refuse(i, { id: c.op === 'create' ? null : c.id, code: contents.get(i)!.fields.code, status: 403, error: 'outside_units', reason });
      }
    }
    answer();
  }

  // 11. The periods of the lives written (their events, disposals and ledger mu): the ledger on any date reads them.
  // A record that follows events just recorded had its periods kept with those events (recordFollows).
  await keepPeriods(tx, changes.flatMap((c, i) => (c.op === 'update' && c.eventsRecorded ? [] : [idOf.get(i)!])));

  // 12. History, linked to the change set when there is one.
  const changeSetId = request.changeSet === undefined ? null : await insertChangeSet(tx, request.actor.username, request.changeSet, changes.length);
  await recordHistory(tx, changes.map((c, i) => ({
    id: idOf.get(i)!, action: request.action ?? OWN_ACTION[c.op], before: c.op === 'create' ? null : withoutVersion(current.get(c.id)!),
  })), request.actor.username, changeSetId);

  const rows = new Map((await writtenRows(tx, [...idOf.values()])).map((r) => [r.id, r]));
  return { written: changes.map((_, i) => rows.get(idOf.get(i)!)!), changeSetId };
}
