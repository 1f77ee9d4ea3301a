import { isoFromDayNumber, parseIsoDate, type IsoDate } from './dates.ts';
import { allowedDifferenceMu, type Tolerance } from './ledger-check.ts';
import { cellText, numberCell, type Cell, type SheetProblem, type SheetRow } from './campaign-setup/cells.ts';

/**
 * Reconciliation with the national land-supply monitoring system (土地市场动态监测监管系统): its exported parcel list
 * is matched with the ledger by supervision number (电子监管号), listing parcels missing on either side and areas that
 * differ by more than the campaign's tolerance. Nothing is changed: the list says where the two disagree.
 */

export interface MonitoringRecord {
  /** Excel/CSV row number. */
  row: number;
  supervisionNumber: string;
  projectName: string | null;
  /** The supplied area, converted to mu whatever unit the export used. */
  areaMu: number | null;
  /** What the export dates: supply (合同签订/供地日期), hand-over (交地), actual start (开工) and completion (竣工). */
  dates: Partial<Record<MonitoredKind, IsoDate>>;
}

/** The life events the monitoring system records for a supplied parcel. */
export type MonitoredKind = 'supplied' | 'handed_over' | 'started' | 'completed';

/** The export's date columns; agreed (约定) dates are the contract's promises, not events, and are not read. */
const DATE_COLUMNS: Array<[MonitoredKind, RegExp]> = [
  ['supplied', /供地日期|供应日期|签订日期|合同签订/],
  ['handed_over', /交地/],
  ['started', /开工/],
  ['completed', /竣工/],
];

/** A date cell as the export writes it: 2021-05-06, 2021/5/6, 2021年5月6日, or an Excel day number. */
export function dateCell(cell: Cell | undefined): IsoDate | null {
  if (typeof cell === 'number') {
    // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included); serials outside 1950–2100 are not dates.
    return cell >= 18_264 && cell <= 73_051 ? isoFromDayNumber(Math.floor(cell) - 25_569) : null;
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/.exec(cellText(cell));
  return m ? parseIsoDate(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`) : null;
}

export interface MonitoringList {
  records: MonitoringRecord[];
  /** The unit the area column's header named. */
  areaUnit: '公顷' | '亩' | '平方米';
  problems: SheetProblem[];
}

const MU_PER: Record<MonitoringList['areaUnit'], number> = { 公顷: 15, 亩: 1, 平方米: 15 / 10_000 };

/** A header's unit: "供地面积(公顷)", "面积（亩）", "出让面积/平方米". Without one, the system's default, 公顷. */
export function areaUnitOf(header: string): MonitoringList['areaUnit'] | null {
  if (/公顷|ha\b|hm/i.test(header)) return '公顷';
  if (/亩/.test(header)) return '亩';
  if (/平方米|㎡|m2|m²/i.test(header)) return '平方米';
  return null;
}

const SUPERVISION = /电子监管号|监管号|电子监管编号/;
const PROJECT = /项目名称/;
const AREA = /(供地|出让|划拨|供应|宗地|土地)?面积/;

/** The monitoring export's rows: the header row found by its 电子监管号 column; area converted to mu. */
export function readMonitoringRows(rows: readonly SheetRow[]): MonitoringList {
  const problems: SheetProblem[] = [];
  const headerAt = rows.findIndex((r) => r.cells.some((c) => SUPERVISION.test(cellText(c))));
  if (headerAt < 0) return { records: [], areaUnit: '公顷', problems: [{ row: null, message: '找不到“电子监管号”列：请上传监测监管系统导出的供地清单（表头含“电子监管号”和“供地面积”）' }] };
  const header = rows[headerAt]!;
  const find = (pattern: RegExp) => header.cells.findIndex((c) => pattern.test(cellText(c)));
  const numberAt = find(SUPERVISION);
  const projectAt = find(PROJECT);
  const areaAt = header.cells.findIndex((c) => AREA.test(cellText(c)) && !/批准|规划|建筑/.test(cellText(c)));
  if (areaAt < 0) return { records: [], areaUnit: '公顷', problems: [{ row: header.number, message: `第 ${header.number} 行表头缺少“供地面积”列` }] };
  const areaHeader = cellText(header.cells[areaAt]);
  const dateColumns = DATE_COLUMNS.flatMap(([kind, pattern]) => {
    const at = header.cells.findIndex((c) => pattern.test(cellText(c)) && !/约定|计划/.test(cellText(c)));
    return at < 0 ? [] : [{ kind, at, name: cellText(header.cells[at]) }];
  });
  const areaUnit = areaUnitOf(areaHeader) ?? '公顷';
  const records: MonitoringRecord[] = [];
  const seen = new Map<string, number>();
  for (const row of rows.slice(headerAt + 1)) {
    const number = cellText(row.cells[numberAt]);
    if (!number) {
      if (row.cells.some((c) => cellText(c) !== '') && !/合计|总计/.test(row.cells.map(cellText).join(''))) {
        problems.push({ row: row.number, message: `第 ${row.number} 行缺少电子监管号，无法比对` });
      }
      continue;
    }
    const area = numberCell(row.cells[areaAt]);
    if (!area.ok) problems.push({ row: row.number, column: areaHeader, message: `第 ${row.number} 行“${areaHeader}”列：${area.message}` });
    const first = seen.get(number);
    if (first !== undefined) {
      problems.push({ row: row.number, message: `第 ${row.number} 行：电子监管号 ${number} 与第 ${first} 行重复` });
      continue;
    }
    seen.set(number, row.number);
    const dates: MonitoringRecord['dates'] = {};
    for (const { kind, at, name } of dateColumns) {
      if (cellText(row.cells[at]) === '') continue;
      const date = dateCell(row.cells[at]);
      if (date) dates[kind] = date;
      else problems.push({ row: row.number, column: name, message: `第 ${row.number} 行“${name}”列：“${cellText(row.cells[at]).slice(0, 20)}”不是日期` });
    }
    records.push({
      dates,
      row: row.number,
      supervisionNumber: number,
      projectName: projectAt >= 0 ? String(row.cells[projectAt] ?? '').trim() || null : null,
      areaMu: area.ok && area.value !== null ? area.value * MU_PER[areaUnit] : null,
    });
  }
  return { records, areaUnit, problems };
}

/** A ledger parcel as reconciliation needs it. */
export interface LedgerParcel {
  id: number;
  code: string;
  projectName: string;
  supervisionNumber: string | null;
  ledgerMu: number;
}

export interface MonitoringComparison {
  matched: number;
  /** In the monitoring system, not in the ledger. */
  missingInLedger: Array<{ row: number; supervisionNumber: string; projectName: string | null; areaMu: number | null }>;
  /** Ledger parcels with a supervision number the monitoring list does not have. */
  missingInMonitoring: Array<{ parcelId: number; code: string; projectName: string; supervisionNumber: string; ledgerMu: number }>;
  /** Matched parcels whose areas differ by more than the tolerance (ledger − monitoring, in mu). */
  areaDifferences: Array<{ parcelId: number; code: string; projectName: string; supervisionNumber: string; row: number; ledgerMu: number; monitoringMu: number; diffMu: number; toleranceMu: number }>;
  /** Ledger parcels without a supervision number: cannot be matched, listed so they are not forgotten. */
  withoutNumber: number;
}

/** Supervision numbers are typed with spaces and in either case; they are compared without either. */
const key = (n: string) => n.replace(/[\s\u3000]/g, '').toUpperCase();

/** Matches the monitoring list with the ledger by 电子监管号 (see the file comment). */
export function compareWithMonitoring(records: readonly MonitoringRecord[], parcels: readonly LedgerParcel[], tolerance: Tolerance): MonitoringComparison {
  const byNumber = new Map(records.map((r) => [key(r.supervisionNumber), r]));
  const ledgerNumbers = new Set<string>();
  const out: MonitoringComparison = { matched: 0, missingInLedger: [], missingInMonitoring: [], areaDifferences: [], withoutNumber: 0 };
  for (const p of parcels) {
    if (!p.supervisionNumber?.trim()) {
      out.withoutNumber++;
      continue;
    }
    const k = key(p.supervisionNumber);
    ledgerNumbers.add(k);
    const record = byNumber.get(k);
    if (!record) {
      out.missingInMonitoring.push({ parcelId: p.id, code: p.code, projectName: p.projectName, supervisionNumber: p.supervisionNumber, ledgerMu: p.ledgerMu });
      continue;
    }
    out.matched++;
    if (record.areaMu === null) continue;
    const diffMu = p.ledgerMu - record.areaMu;
    const toleranceMu = allowedDifferenceMu(p.ledgerMu, tolerance);
    if (Math.abs(diffMu) > toleranceMu) {
      out.areaDifferences.push({ parcelId: p.id, code: p.code, projectName: p.projectName, supervisionNumber: p.supervisionNumber, row: record.row, ledgerMu: p.ledgerMu, monitoringMu: record.areaMu, diffMu, toleranceMu });
    }
  }
  for (const r of records) if (!ledgerNumbers.has(key(r.supervisionNumber))) out.missingInLedger.push({ row: r.row, supervisionNumber: r.supervisionNumber, projectName: r.projectName, areaMu: r.areaMu });
  out.areaDifferences.sort((a, b) => Math.abs(b.diffMu) - Math.abs(a.diffMu));
  return out;
}

/**
 * CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) as sheet rows. Numbers stay text: numberCell reads
 * them, so "1,234" in a quoted field is not split or misread.
 */
export function parseCsv(text: string): SheetRow[] {
  const rows: SheetRow[] = [];
  let cells: Cell[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const endField = () => {
    cells.push(field === '' ? null : field);
    field = '';
  };
  const endRow = () => {
    endField();
    // Row numbers as a spreadsheet shows the file: one per record, whatever newlines a quoted field holds.
    rows.push({ number: rows.length + 1, cells });
    cells = [];
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  if (field !== '' || cells.length) endRow();
  return rows;
}
