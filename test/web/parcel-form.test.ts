import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FIELDS, headerOf } from '../../core/fields/registry.ts';
import { parseParcelFields } from '../../core/parcel-input.ts';
import { EMPTY_FORM, formFromFields, recordFromForm } from '../../web/features/editing/form-values.ts';
import { ParcelForm } from '../../web/features/editing/parcel-form.tsx';
import { fullRecord } from '../support/full-record.ts';

/** The form's HTML as React renders it (no browser needed to read labels and inputs; there is no DOM in these tests). */
const render = (values = formFromFields(fullRecord('FORM-1'))) => renderToStaticMarkup(createElement(ParcelForm, { values, errors: {}, onChange: () => {} }));

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? e);

/** The label of a field's input, without the required mark. */
const labelOf = (html: string, key: string) => text(new RegExp(`<label for="field-${key}">(.*?)</label>`).exec(html)?.[1] ?? '').replace(/\s*\*$/, '');

/** The value an input, text area or select shows. */
function valueOf(html: string, key: string): string | undefined {
  const control = new RegExp(`<(input|textarea|select)[^>]*? id="field-${key}"[^>]*>`).exec(html);
  if (!control) return undefined;
  const rest = html.slice(control.index + control[0].length);
  if (control[1] === 'textarea') return text(rest.slice(0, rest.indexOf('</textarea>')));
  if (control[1] === 'select') return text(/<option value="([^"]*)" selected=""/.exec(rest.slice(0, rest.indexOf('</select>')))?.[1] ?? '');
  return text(/ value="([^"]*)"/.exec(control[0])?.[1] ?? '');
}

describe('the ledger form', () => {
  it('shows every registry field once, under the registry’s label with its unit, holding the field’s value', () => {
    const html = render();
    const names = [...html.matchAll(/<(?:input|select|textarea)[^>]*? name="([^"]+)"/g)].map((m) => m[1]);
    expect(names.sort()).toEqual(FIELDS.map((f) => f.key).sort());
    const record = fullRecord('FORM-1');
    for (const f of FIELDS) {
      expect(labelOf(html, f.key), f.key).toBe(headerOf(f));
      const value = record[f.key];
      expect(valueOf(html, f.key), f.key).toBe(Array.isArray(value) ? value.join('、') : String(value));
    }
    expect(labelOf(html, 'supplyPriceWan')).toBe('出让价款（万元）');
    expect(labelOf(html, 'landClassCode')).toBe('地类编码');
  });

  it('groups the fields as the ledger does, the required ones first and marked', () => {
    const html = render();
    expect([...html.matchAll(/<legend>(.*?)<\/legend>/g)].map((m) => m[1])).toEqual(['必填信息', '基本信息', '批准信息', '供应信息', '处置信息']);
    const first = html.slice(0, html.indexOf('</fieldset>'));
    const required = [...first.matchAll(/<(?:input|select|textarea)[^>]*>/g)].filter((m) => m[0].includes(' required=""')).map((m) => / name="([^"]+)"/.exec(m[0])![1]);
    expect(required).toEqual(FIELDS.filter((f) => 'required' in f && f.required).map((f) => f.key));
  });

  it('turns the form back into the record the API parses, every field equal', () => {
    const record = fullRecord('FORM-2');
    expect(parseParcelFields(recordFromForm(formFromFields(record)))).toEqual({ ok: true, value: record });
    expect(EMPTY_FORM.category).toBe('approved_not_expropriated');
    expect(EMPTY_FORM.status).toBe('registered');
  });
});
