/** 转为批而未供地块: asks first (which category, how much), then reports what was created or why not. */
import { useState } from 'react';
import { CATEGORY_LABELS, type Category } from '../../../core/categories.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import { mu } from '../../format.ts';
import type { BatchOverlay, ConvertResult } from './types.ts';

/** A batch's remainder is approved land without supply; whether it was expropriated the overlay cannot know. */
const CHOICES: Category[] = ['approved_not_expropriated', 'expropriated_not_supplied'];

type Step = { kind: 'idle' } | { kind: 'confirm'; category: Category } | { kind: 'sending' } | { kind: 'done'; result: ConvertResult } | { kind: 'failed'; message: string };

export function ConvertButton({ campaignId, batch, onConverted }: { campaignId: number; batch: BatchOverlay; onConverted: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const convert = async (category: Category) => {
    setStep({ kind: 'sending' });
    try {
      const result = await sendJson<ConvertResult>('POST', `/api/campaigns/${campaignId}/approval-overlay/${batch.id}/convert`, { category });
      setStep({ kind: 'done', result: result! });
      onConverted();
    } catch (error) {
      setStep({ kind: 'failed', message: error instanceof ApiError ? error.message : String(error) });
    }
  };

  switch (step.kind) {
    case 'idle':
      return (
        <button type="button" className="button button--small overlay-convert" onClick={() => setStep({ kind: 'confirm', category: CHOICES[0]! })}>
          转为批而未供地块
        </button>
      );
    case 'confirm':
      return (
        <div className="overlay-confirm" role="alertdialog" aria-label="确认转换">
          <p>
            将该批次 <strong>{batch.remainderParts}</strong> 块未供剩余部分（合计 <strong>{mu(batch.remainderMu)}</strong> 亩，不含碎片）登记为台账地块，台账面积取椭球面积。
          </p>
          <label className="form-field">
            类别
            <select value={step.category} onChange={(e) => setStep({ kind: 'confirm', category: e.target.value as Category })}>
              {CHOICES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
            </select>
          </label>
          <div className="overlay-confirm__actions">
            <button type="button" className="button button--small" onClick={() => convert(step.category)}>确认转换</button>
            <button type="button" className="button button--small button--quiet" onClick={() => setStep({ kind: 'idle' })}>取消</button>
          </div>
        </div>
      );
    case 'sending':
      return <p className="hint" role="status">正在转换…</p>;
    case 'done':
      return (
        <p className="overlay-result" role="status">
          已生成 {step.result.parcels.length} 个{CATEGORY_LABELS[step.result.category as Category] ?? ''}地块：{step.result.parcels.map((p) => p.code).join('、')}
        </p>
      );
    case 'failed':
      return (
        <div className="error-box" role="alert">
          {step.message}
          <button type="button" className="link-button" onClick={() => setStep({ kind: 'idle' })}>知道了</button>
        </div>
      );
  }
}
