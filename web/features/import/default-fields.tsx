/** The category and status given to new parcels whose file does not say. */
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS, type Category, type Status } from '../../../core/categories.ts';

export interface ImportDefaults {
  category: Category;
  status: Status;
}

export function DefaultFields({ value, disabled, onChange }: { value: ImportDefaults; disabled: boolean; onChange: (value: ImportDefaults) => void }) {
  return (
    <fieldset className="import-defaults" disabled={disabled}>
      <legend>新建地块的默认值（文件未注明时采用）</legend>
      <label className="form-field">
        <span>类别</span>
        <select value={value.category} onChange={(e) => onChange({ ...value, category: e.target.value as Category })}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="form-field">
        <span>状态</span>
        <select value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value as Status })}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
