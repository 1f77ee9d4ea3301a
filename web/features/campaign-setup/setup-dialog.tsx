/**
 * 新建专项行动: a stepwise dialog — 1 基本信息, 2 单位边界, 3 任务表, 4 完成. Each step writes on its own (the campaign
 * exists once step 1 is done), so a long boundary check never holds the form's fields hostage.
 */
import { useEffect, useRef, useState } from 'react';
import { EMPTY_DEFINITION, StepDefinition, type Definition } from './step-definition.tsx';
import { StepTasks } from './step-tasks.tsx';
import { StepUnits } from './step-units.tsx';
import './campaign-setup.css';

const STEPS = ['基本信息', '单位边界', '任务表', '完成'] as const;

export function SetupDialog(props: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [step, setStep] = useState(0);
  const [definition, setDefinition] = useState<Definition>(EMPTY_DEFINITION);
  const [campaign, setCampaign] = useState<{ id: number; name: string } | null>(null);
  const [unitCount, setUnitCount] = useState(0);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="setup-dialog" aria-labelledby="setup-title" onClose={props.onClose} data-testid="campaign-setup">
      <header className="setup-dialog__header">
        <h2 id="setup-title">新建专项行动{campaign && <span className="setup-dialog__name">{campaign.name}</span>}</h2>
        <ol className="stepper" aria-label="步骤">
          {STEPS.map((s, i) => (
            <li key={s} className={i === step ? 'is-current' : i < step ? 'is-done' : ''} aria-current={i === step ? 'step' : undefined}>
              <span className="stepper__no">{i < step ? '✓' : i + 1}</span>
              {s}
            </li>
          ))}
        </ol>
        <button type="button" className="icon-button" aria-label="关闭" onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <div className="setup-dialog__body">
        {step === 0 && (
          <StepDefinition
            value={definition}
            onChange={setDefinition}
            onCreated={(c) => {
              setCampaign(c);
              setStep(1);
            }}
          />
        )}
        {step === 1 && campaign && (
          <StepUnits
            campaignId={campaign.id}
            onDone={(n) => {
              setUnitCount(n);
              setStep(2);
            }}
          />
        )}
        {step === 2 && campaign && <StepTasks campaignId={campaign.id} onDone={() => setStep(3)} />}
        {step === 3 && campaign && (
          <div className="setup-step setup-done">
            <p className="setup-done__mark" aria-hidden="true">✓</p>
            <h3>“{campaign.name}”已建立</h3>
            <p>共 {unitCount} 个单位。之后可导入地块、查看各单位进度。</p>
            <div className="setup-actions">
              <a className="button" href={`/?campaign=${campaign.id}`}>打开这个专项行动</a>
            </div>
          </div>
        )}
      </div>
    </dialog>
  );
}
