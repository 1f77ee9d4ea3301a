/**
 * "离线保存我的单位": choose units, see the size, download with a progress bar; with them, the offline basemap packages
 * covering those units (their size shown first), and the default base layer's tiles when it is a tile service.
 */
import { useEffect, useState } from 'react';
import type { CampaignDetail } from '../../api/types.ts';
import { defaultLayer, type BaseLayersAnswer } from '../basemaps/use-base-layers.ts';
import { fieldDb, type SavedCampaign } from './offline/db.ts';
import { estimate, formatBytes, recordBasemaps, saveUnits, type Estimate, type Progress } from './offline/download.ts';
import { covers, savePackage } from './offline/package.ts';
import { downloadTiles, planTiles, type Bounds } from './offline/tiles.ts';
import { bbox } from '@turf/turf';

type Job = { kind: 'idle' } | { kind: 'running'; progress: Progress; controller: AbortController } | { kind: 'done'; text: string } | { kind: 'error'; text: string };

function boundsOfUnits(campaign: CampaignDetail, unitIds: number[]): Bounds | null {
  const geometries = campaign.units.features.filter((u) => unitIds.includes(u.properties.id) && u.geometry).map((u) => u.geometry!);
  if (!geometries.length) return null;
  return bbox({ type: 'GeometryCollection', geometries }) as Bounds;
}

export function OfflinePanel(props: { campaign: CampaignDetail; myUnitIds: number[]; baseLayers: BaseLayersAnswer | null; online: boolean; onSaved: () => void }) {
  const { campaign } = props;
  const units = campaign.units.features;
  const mine = props.myUnitIds.filter((id) => units.some((u) => u.properties.id === id));
  const [chosen, setChosen] = useState<number[]>(mine.length ? mine : []);
  const [size, setSize] = useState<Estimate | 'loading' | string | null>(null);
  const [job, setJob] = useState<Job>({ kind: 'idle' });
  const [saved, setSaved] = useState<SavedCampaign | null>(null);
  const [withTiles, setWithTiles] = useState(false);
  // Packages the person unticked (the rest covering the chosen units are saved with them).
  const [skipped, setSkipped] = useState<string[]>([]);

  useEffect(() => {
    void fieldDb()
      .then((db) => db.get('campaigns', campaign.id))
      .then((s) => {
        setSaved(s ?? null);
        if (s && !mine.length) setChosen(s.unitIds);
      });
  }, [campaign.id, job.kind]);

  useEffect(() => {
    if (!chosen.length || !props.online) {
      setSize(null);
      return;
    }
    const controller = new AbortController();
    setSize('loading');
    estimate(campaign, chosen, controller.signal).then(setSize, (e: unknown) => !controller.signal.aborted && setSize(e instanceof Error ? e.message : String(e)));
    return () => controller.abort();
  }, [campaign, chosen, props.online]);

  const bounds = boundsOfUnits(campaign, chosen);
  const tileLayer = defaultLayer(props.baseLayers);
  const tilePlan = tileLayer && tileLayer.rasters.length && bounds ? planTiles(bounds, tileLayer) : null;
  const packages = (props.baseLayers?.layers ?? []).flatMap((l) => (l.package && bounds && covers(l.package, bounds) ? [{ layer: l, pkg: l.package }] : []));
  const chosenPackages = packages.filter((p) => !skipped.includes(p.layer.id));
  const packageBytes = chosenPackages.reduce((sum, p) => sum + p.pkg.bytes, 0);

  const run = async () => {
    const controller = new AbortController();
    const report = (progress: Progress) => setJob({ kind: 'running', progress, controller });
    report({ done: 0, total: chosen.length, stage: '正在准备' });
    try {
      const result = await saveUnits(campaign, chosen, report, controller.signal);
      let tiles = 0;
      if (withTiles && tilePlan && bounds && tileLayer) {
        tiles = await downloadTiles(tileLayer, bounds, tilePlan, (done) => report({ done, total: tilePlan.tiles, stage: '正在下载底图' }), controller.signal);
      }
      for (const [i, { pkg }] of chosenPackages.entries()) {
        report({ done: i, total: chosenPackages.length, stage: '正在下载离线底图包' });
        await savePackage(pkg, controller.signal);
      }
      const savedPackages = chosenPackages.map((p) => ({ id: p.layer.id, name: p.layer.name, bytes: p.pkg.bytes }));
      await recordBasemaps(campaign.id, tiles, savedPackages);
      const extras = [tiles ? `${tiles} 张底图瓦片` : '', ...savedPackages.map((p) => `离线底图包“${p.name}”（${formatBytes(p.bytes)}）`)].filter(Boolean);
      setJob({ kind: 'done', text: `已保存 ${result.parcels} 宗地块（${formatBytes(result.bytes)}）${extras.length ? `和${extras.join('、')}` : ''}，无网络时也可搜索和查看` });
      props.onSaved();
    } catch (e) {
      setJob(controller.signal.aborted ? { kind: 'idle' } : { kind: 'error', text: `保存未完成：${e instanceof Error ? e.message : String(e)}。已保存的旧数据不受影响，可重试` });
    }
  };

  const toggle = (id: number) => setChosen((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]));
  const running = job.kind === 'running';
  return (
    <section className="field-offline" aria-label="离线保存">
      <h3>离线保存我的单位</h3>
      {saved ? (
        <p className="hint" data-testid="offline-saved">
          已保存：{saved.unitIds.length} 个单位、{saved.parcelCount} 宗地块（{formatBytes(saved.bytes)}）
          {saved.tileCount ? `、${saved.tileCount} 张底图瓦片` : ''}
          {saved.packages?.length ? `、离线底图包 ${saved.packages.map((p) => `“${p.name}”`).join('、')}` : ''}，{new Date(saved.savedAt).toLocaleString('zh-CN')}
        </p>
      ) : (
        <p className="hint">保存后，没有网络时也能搜索地块、查看台账和记录核查。</p>
      )}
      <fieldset className="field-offline__units" disabled={running || !props.online}>
        <legend className="visually-hidden">选择单位</legend>
        {units.map((u) => (
          <label key={u.properties.id} className="field-offline__unit">
            <input type="checkbox" checked={chosen.includes(u.properties.id)} onChange={() => toggle(u.properties.id)} />
            {u.properties.name}
            {props.myUnitIds.includes(u.properties.id) && <span className="badge">我的单位</span>}
          </label>
        ))}
      </fieldset>
      {!props.online ? (
        <p className="hint">当前离线，联网后可保存或更新离线数据。</p>
      ) : !chosen.length ? (
        <p className="hint">请选择要保存的单位。</p>
      ) : size === 'loading' ? (
        <p className="hint">正在估算大小…</p>
      ) : typeof size === 'string' ? (
        <p className="error-text">无法估算大小：{size}</p>
      ) : size ? (
        <p className="field-offline__size" data-testid="offline-estimate">
          约 {size.parcels} 宗地块，约 {formatBytes(size.bytes)}
        </p>
      ) : null}
      {packages.map(({ layer, pkg }) => (
        <label key={layer.id} className="field-offline__tiles" data-testid="offline-package">
          <input
            type="checkbox"
            checked={!skipped.includes(layer.id)}
            disabled={running}
            onChange={(e) => setSkipped((list) => (e.target.checked ? list.filter((id) => id !== layer.id) : [...list, layer.id]))}
          />
          同时保存离线底图包“{layer.name}”：整包 {formatBytes(pkg.bytes)}
        </label>
      ))}
      {tilePlan && tileLayer ? (
        <label className="field-offline__tiles">
          <input type="checkbox" checked={withTiles} disabled={running} onChange={(e) => setWithTiles(e.target.checked)} />
          同时保存底图“{tileLayer.name}”：约 {tilePlan.tiles} 张瓦片（至第 {tilePlan.maxZoom} 级），约 {formatBytes(tilePlan.bytes)}
        </label>
      ) : (
        !packages.length && <p className="hint">没有覆盖所选单位的离线底图包，默认底图也不是瓦片服务；离线时以单位边界为底图。</p>
      )}
      {running && (
        <div className="field-progress">
          <progress max={Math.max(1, job.progress.total)} value={job.progress.done} aria-label={job.progress.stage} />
          <span>
            {job.progress.stage} {job.progress.done}/{job.progress.total}
          </span>
          <button type="button" className="link-button" onClick={() => job.controller.abort()}>
            取消
          </button>
        </div>
      )}
      {job.kind === 'done' && (
        <p className="field-offline__done" role="status">
          {job.text}
        </p>
      )}
      {job.kind === 'error' && (
        <p className="error-box" role="alert">
          {job.text}
        </p>
      )}
      <button type="button" className="button" disabled={running || !props.online || !chosen.length || typeof size !== 'object' || size === null} onClick={() => void run()}>
        {saved ? '更新离线数据' : '下载并保存'}
        {size && typeof size === 'object' ? `（约 ${formatBytes(size.bytes + packageBytes + (withTiles && tilePlan ? tilePlan.bytes : 0))}）` : ''}
      </button>
    </section>
  );
}
