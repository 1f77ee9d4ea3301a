/**
 * The save flow the attribute form and the boundary editor share: validate locally with the server's own rules,
 * send, and on a version conflict hold both versions until the editor chooses.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { useState } from 'react';
import { parseParcelFields } from '../../../core/parcel-input.ts';
import type { ParcelFeature } from '../../api/types.ts';
import { problemsByField, recordFromForm, type FormValues } from './form-values.ts';
import { saveParcel, type ParcelWrite } from './save-parcel.ts';

type SaveTarget = { campaignId: number } | { id: number; version: number };

export function useParcelSave(onSaved: (parcel: ParcelFeature) => void) {
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ theirs: ParcelFeature; mine: ParcelWrite } | null>(null);

  const send = async (target: SaveTarget, write: ParcelWrite) => {
    setBusy(true);
    setMessage(null);
    try {
      const outcome = await saveParcel(target, write);
      if (outcome.ok) {
        setConflict(null);
        onSaved(outcome.parcel);
      } else if ('conflict' in outcome) {
        setConflict({ theirs: outcome.conflict, mine: write });
      } else {
        if ('problems' in outcome) setErrors(problemsByField(outcome.problems));
        setMessage(outcome.message);
      }
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  /** Validates the form as the server would and saves; false when the form has problems (shown per field). */
  const save = (target: SaveTarget, values: FormValues, geometry: Polygon | MultiPolygon | null): boolean => {
    const record = recordFromForm(values);
    const parsed = parseParcelFields(record);
    if (!parsed.ok) {
      setErrors(problemsByField(parsed.problems));
      setMessage('请先改正标红的字段');
      return false;
    }
    setErrors({});
    void send(target, { record, geometry });
    return true;
  };

  /**
   * Overwrite with mine: the same content against the version now current. `keepTheirBoundary`: an attribute-only
   * edit never touched the boundary, so it must not put back the one it happened to load.
   */
  const overwrite = (keepTheirBoundary: boolean) => {
    if (!conflict) return;
    const { theirs, mine } = conflict;
    void send({ id: theirs.properties.id, version: theirs.properties.version }, keepTheirBoundary ? { ...mine, geometry: theirs.geometry } : mine);
  };

  /** A field was changed: its problem is shown no more until the next save checks again. */
  const clearError = (field: string) => setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));

  return { errors, message, busy, conflict, save, overwrite, clearError };
}
