/**
 * The campaign's ledger rows, loaded page by page (5,000 a page) from /api/ledger — as they stood on `asOf` when
 * given (台账截至) —, again whenever `revision` moves.
 * While a reload runs, the rows already shown stay; rows changed here are patched in place at once.
 */
import { useCallback, useEffect, useState } from 'react';
import type { IsoDate } from '../../../core/dates.ts';
import type { LedgerRow } from '../../../core/ledger/row.ts';
import { getJson, query } from '../../api/client.ts';

const PAGE = 5000;

interface LedgerPage {
  total: number;
  rows: LedgerRow[];
}

export type LedgerRows =
  | { state: 'loading'; loaded: number; total: number | null; rows: LedgerRow[] | null }
  | { state: 'ready'; rows: LedgerRow[]; reloading: boolean }
  | { state: 'error'; message: string };

export function useLedgerRows(campaignId: number, revision: number, asOf: IsoDate | null) {
  const [result, setResult] = useState<LedgerRows>({ state: 'loading', loaded: 0, total: null, rows: null });

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setResult((previous) => (previous.state === 'ready' ? { ...previous, reloading: true } : previous));
    (async () => {
      const first = await getJson<LedgerPage>(`/api/ledger${query({ campaign: campaignId, limit: PAGE, offset: 0, asOf })}`, signal);
      let rows = first.rows;
      for (let offset = PAGE; offset < first.total; offset += PAGE) {
        setResult((previous) => (previous.state === 'ready' ? previous : { state: 'loading', loaded: rows.length, total: first.total, rows: null }));
        const page = await getJson<LedgerPage>(`/api/ledger${query({ campaign: campaignId, limit: PAGE, offset, asOf })}`, signal);
        rows = rows.concat(page.rows);
      }
      if (!signal.aborted) setResult({ state: 'ready', rows, reloading: false });
    })().catch((error: unknown) => {
      if (!signal.aborted) setResult({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return () => controller.abort();
  }, [campaignId, revision, asOf]);

  /** A row saved here: shown changed at once, before the reload confirms it. */
  const patch = useCallback((id: number, change: Partial<LedgerRow>) => {
    setResult((previous) => (previous.state === 'ready' ? { ...previous, rows: previous.rows.map((r) => (r.id === id ? { ...r, ...change } : r)) } : previous));
  }, []);

  return { result, patch };
}
