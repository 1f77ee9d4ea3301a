/**
 * The text encoding the server read the file's names with, and why ("由 .cpg 文件确定：GBK"), with a choice of
 * another: a wrong one shows as errors on the parcels, so the person can see which reads right before importing.
 */
import { TEXT_ENCODINGS, type TextEncoding } from '../../../core/text-encodings.ts';
import type { TextEncodingUsed } from './types.ts';

interface EncodingChoiceProps {
  used: TextEncodingUsed;
  /** The person's choice, or '' for the server's own (file, header or detection). */
  chosen: TextEncoding | '';
  disabled: boolean;
  onChoose: (encoding: TextEncoding | '') => void;
}

export function EncodingChoice({ used, chosen, disabled, onChoose }: EncodingChoiceProps) {
  return (
    <div className="import-encoding" data-testid="import-encoding">
      <p className="import-encoding__used">
        文字编码 <strong>{used.name}</strong>
        <span className="import-encoding__how">{used.how}</span>
      </p>
      <label className="form-field import-encoding__choice">
        <span>改用编码</span>
        <select value={chosen} disabled={disabled} onChange={(e) => onChoose(e.target.value as TextEncoding | '')}>
          <option value="">自动（按文件判断）</option>
          {Object.entries(TEXT_ENCODINGS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
