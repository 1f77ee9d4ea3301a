import { BAD_POINT_LINE, POINT_WITHOUT_PARCEL, TOO_LARGE, type Issue } from './issues.ts';
import { clip, IssueList, issue } from './issue-list.ts';

export const COORDINATES_SECTION = '[地块坐标]';

/** Refuse more point lines than this: ~7 MB of coordinates, far beyond any approval batch. */
export const MAX_POINT_LINES = 200_000;

/** A point line split into its four fields, not yet checked as numbers. */
export interface PointRecord {
  line: number;
  name: string;
  ring: string;
  x: string;
  y: string;
}

/** One parcel as written: its header fields before `@` and its point lines. */
export interface RawParcel {
  headerLine: number;
  fields: string[];
  hasAt: boolean;
  points: PointRecord[];
  /** Point lines read, malformed ones included: what 界址点数 counts. */
  pointLines: number;
  lastLine: number;
  /** The parcel's last point line had fewer than four fields (a cut-off file ends like this). */
  lastLineIncomplete: boolean;
  errors: IssueList;
  warnings: IssueList;
}

export type RecordsResult = { ok: true; parcels: RawParcel[] } | { ok: false; errors: Issue[] };

/**
 * Splits the `[地块坐标]` lines into parcels. A line with `@` starts a parcel; so does a line of seven or more
 * fields without `@` (reported as missing_at), since a point line has exactly four. `firstLine` is lines[0]'s number.
 */
export function readParcels(lines: string[], firstLine: number): RecordsResult {
  const parcels: RawParcel[] = [];
  let current: RawParcel | null = null;
  let pointLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    const line = firstLine + i;
    const fields = withoutTrailingEmpty(text.split(',').map((f) => f.trim()));
    const at = fields.findIndex((f) => f.endsWith('@'));
    if (at >= 0 || fields.length >= 7) {
      const before = at >= 0 ? fields.slice(0, at) : fields;
      const attached = at >= 0 ? fields[at]!.slice(0, -1).trim() : '';
      if (attached !== '') before.push(attached); // “…,0601@” written without the comma
      current = {
        headerLine: line, fields: before, hasAt: at >= 0, points: [], pointLines: 0, lastLine: line,
        lastLineIncomplete: false, errors: new IssueList(), warnings: new IssueList(),
      };
      parcels.push(current);
      continue;
    }
    if (!current) {
      return { ok: false, errors: [issue(POINT_WITHOUT_PARCEL, line, `“${clip(text)}”出现在第一个地块信息行（以 @ 结尾）之前，无法归属到地块`)] };
    }
    if (++pointLines > MAX_POINT_LINES) {
      return { ok: false, errors: [issue(TOO_LARGE, line, `文件的界址点行超过 ${MAX_POINT_LINES} 行，超出单次导入的上限；请拆分为几个文件分别导入`)] };
    }
    current.pointLines++;
    current.lastLine = line;
    current.lastLineIncomplete = fields.length < 4;
    if (fields.length === 4) {
      current.points.push({ line, name: fields[0]!, ring: fields[1]!, x: fields[2]!, y: fields[3]! });
    } else {
      const hint = text.includes('，') ? '（用了中文逗号“，”，应为英文逗号“,”）' : '';
      current.errors.add(issue(BAD_POINT_LINE, line, `界址点行“${clip(text)}”有 ${fields.length} 项，应为 4 项：点号,圈号,X坐标,Y坐标${hint}`));
    }
  }
  return { ok: true, parcels };
}

/** Some tools end every line with a comma; an empty last field carries nothing. */
function withoutTrailingEmpty(fields: string[]): string[] {
  let end = fields.length;
  while (end > 0 && fields[end - 1] === '') end--;
  return end === fields.length ? fields : fields.slice(0, end);
}
