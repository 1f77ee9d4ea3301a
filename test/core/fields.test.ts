import { describe, expect, it } from 'vitest';
import { importNames, ledgerFieldsFrom, normalName } from '../../core/fields/import.ts';
import { parseField, parseParcelFields } from '../../core/fields/parse.ts';
import { FIELD_LABELS, FIELDS, fieldOf, headerOf, isFieldKey, type FieldKey } from '../../core/fields/registry.ts';
import { cellText, displayText, formText, fromFileValue, valueFromText } from '../../core/fields/text.ts';
import type { FieldDef } from '../../core/fields/types.ts';
import { LEDGER_COLUMNS } from '../../core/ledger-columns.ts';
import { FIELD_COLUMNS } from '../../server/parcels/fields.ts';
import { fullRecord } from '../support/full-record.ts';

const sample = fullRecord('REG-1');
const all = FIELDS as readonly FieldDef[];

describe('the field registry', () => {
  it('gives every field a Chinese label, a group, an xlsx width and a snake_case SQL column', () => {
    for (const f of all) {
      expect(f.label, f.key).toMatch(/^[\u4e00-\u9fff]{2,8}$/);
      expect(f.xlsxWidth, f.key).toBeGreaterThan(0);
      expect(f.sql, f.key).toMatch(/^[a-z][a-z_]*$/);
    }
    expect(new Set(all.map((f) => f.key)).size).toBe(all.length);
    expect(new Set(all.map((f) => f.sql)).size).toBe(all.length);
    expect(new Set(all.map((f) => f.label)).size).toBe(all.length);
  });

  it('names the land price 出让价款 (with 成交价款 only as an alias) and has 地类编码 as landClassCode', () => {
    expect(headerOf(fieldOf('supplyPriceWan'))).toBe('出让价款（万元）');
    expect(fieldOf('supplyPriceWan').aliases).toContain('成交价款');
    expect(FIELD_LABELS.landClassCode).toBe('地类编码');
    expect(fieldOf('landClassCode').sql).toBe('land_class_code');
  });

  it('gives every field a Shapefile name of at most 10 ASCII characters, unique, clear of the export’s own UNIT and AREA_MU', () => {
    const names = all.map((f) => f.dbf);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_]{0,9}$/);
    expect(new Set([...names, 'UNIT', 'AREA_MU']).size).toBe(names.length + 2);
  });

  it('keeps every import name (key, header, label, DBF name, aliases) to one field, ignoring case and bracket width', () => {
    const owner = new Map<string, string>();
    for (const f of all) {
      for (const name of importNames(f)) {
        const normal = normalName(name);
        const other = owner.get(normal);
        expect(other === undefined || other === f.key, `“${name}” belongs to ${other} and ${f.key}`).toBe(true);
        owner.set(normal, f.key);
      }
    }
    expect(owner.get(normalName('DLBM'))).toBe('landClassCode');
    expect(owner.get(normalName('地类编码'))).toBe('landClassCode');
    expect(owner.get(normalName('XMMC'))).toBe('projectName');
    expect(owner.get(normalName('DKBH'))).toBe('code');
    expect(owner.get(normalName('面积(亩)'))).toBe('ledgerMu');
  });

  it('derives the xlsx columns and the SQL columns from it, in its order', () => {
    expect(LEDGER_COLUMNS.map((c) => c.key)).toEqual(all.map((f) => f.key));
    expect(LEDGER_COLUMNS.find((c) => c.key === 'ledgerMu')!.header).toBe('台账面积（亩）');
    expect(FIELD_COLUMNS.map(([key, column]) => `${key}:${column}`)).toEqual(all.map((f) => `${f.key}:${f.sql}`));
  });
});

describe('parsing and formatting by type', () => {
  it('parses the full record unchanged', () => {
    expect(parseParcelFields(sample)).toEqual({ ok: true, value: sample });
  });

  it('brings every field back through a spreadsheet cell and through a form input', () => {
    const types = new Set<string>();
    for (const f of all) {
      const key = f.key as FieldKey;
      types.add(f.type);
      const fromCell = parseField(f, { ...sample, [key]: fromFileValue(f, cellText(key, sample[key])) });
      expect(fromCell, `${key} via cell`).toEqual({ ok: true, value: sample[key] });
      const fromForm = parseField(f, { ...sample, [key]: valueFromText(key, formText(sample[key])) });
      expect(fromForm, `${key} via form`).toEqual({ ok: true, value: sample[key] });
    }
    expect([...types].sort()).toEqual(['amount', 'date', 'enum', 'list', 'text']);
  });

  it('reads an enumeration by its code or its Chinese label, numbers and lists written as text', () => {
    expect(fromFileValue(fieldOf('category'), ' 供后闲置 ')).toBe('idle');
    expect(fromFileValue(fieldOf('status'), 'planned')).toBe('planned');
    expect(fromFileValue(fieldOf('ledgerMu'), '12.5')).toBe(12.5);
    expect(fromFileValue(fieldOf('sourceLists'), '甲清单、乙清单;丙清单')).toEqual(['甲清单', '乙清单', '丙清单']);
    expect(fromFileValue(fieldOf('approvalDate'), new Date(Date.UTC(2020, 1, 29)))).toBe('2020-02-29');
    expect(fromFileValue(fieldOf('landClassCode'), 601)).toBe('601');
  });

  it('says for each type what is wrong, naming the field and the limit', () => {
    const problems = (over: Record<string, unknown>) => {
      const r = parseParcelFields({ ...sample, ...over });
      return r.ok ? [] : r.problems.map((p) => `${p.field} ${p.message}`);
    };
    expect(problems({ ledgerMu: 0 })).toEqual(['ledgerMu 台账面积：应为大于 0 的亩数，不超过 1,000,000，收到“0”']);
    expect(problems({ supplyPriceWan: -1 })).toEqual(['supplyPriceWan 出让价款：应为不小于 0 的数字（万元），不超过 1,000,000,000，收到“-1”']);
    expect(problems({ approvalDate: '2019-02-29' })).toEqual(['approvalDate 批准日期：“2019-02-29”不是有效日期（YYYY-MM-DD）']);
    expect(problems({ status: 'done' })[0]).toBe('status 状态：应为 已登记、已定方案、处置中、已处置、已销号 之一，收到“done”');
    expect(problems({ landClassCode: '6-01' })[0]).toContain('地类编码：“6-01”格式不对');
    expect(problems({ code: 'x'.repeat(65) })).toEqual(['code 地块编号：不能超过 64 个字，现为 65 个字']);
    expect(problems({ sourceLists: ['x'.repeat(51)] })[0]).toContain('来源清单：每项不能超过 50 个字');
    expect(problems({ disposalMethod: '撤销批文' })[0]).toContain('处置方式：“撤销批文”不适用于供后闲置');
    expect(problems({ projectName: '  ' })).toEqual(['projectName 项目名称：必填']);
  });

  it('accepts the third survey’s land class codes', () => {
    for (const code of ['05', '0601', '05H1', '08H2A', '201A', '1001']) expect(parseField(fieldOf('landClassCode'), { landClassCode: code }).ok, code).toBe(true);
    for (const code of ['6', '0601-1', '05h1', '工业']) expect(parseField(fieldOf('landClassCode'), { landClassCode: code }).ok, code).toBe(false);
  });

  it('shows amounts with their unit on screen', () => {
    expect(displayText('ledgerMu', 1234.5)).toBe('1,234.50 亩');
    expect(displayText('supplyPriceWan', 2345.678)).toBe('2,345.68 万元');
    expect(displayText('category', 'idle')).toBe('供后闲置');
    expect(displayText('sourceLists', [])).toBeNull();
  });
});

describe('import mapping', () => {
  it('finds every field under every name the registry gives it', () => {
    for (const f of all) {
      const key = f.key as FieldKey;
      for (const name of importNames(f)) {
        expect(ledgerFieldsFrom({ [name]: cellText(key, sample[key]) })[key], `${key} as ${name}`).toEqual(sample[key]);
      }
    }
  });

  it('prefers our own name over an alias when a file has both, and skips blank values', () => {
    expect(ledgerFieldsFrom({ 名称: '别名', 项目名称: '正名' }).projectName).toBe('正名');
    expect(ledgerFieldsFrom({ 项目名称: ' ', XMMC: '拼音首字母' }).projectName).toBe('拼音首字母');
    expect(ledgerFieldsFrom({ dlbm: '0601', 成交价款: '88' })).toEqual({ landClassCode: '0601', supplyPriceWan: 88 });
    expect(isFieldKey('unitName')).toBe(false);
  });
});
