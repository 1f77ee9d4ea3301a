/**
 * Finding a parcel by 地块编号, 项目名称, 电子监管号 or 用地单位. A combobox: arrows move through results,
 * Enter chooses, Esc closes the list.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { CATEGORY_LABELS } from '../../../core/categories.ts';
import { query } from '../../api/client.ts';
import type { ParcelFeature, ParcelList } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';
import { useDebounced } from './use-debounced.ts';
import './search.css';

const LIMIT = 10;

export function SearchBox(props: { campaignId: number; onChoose: (parcel: ParcelFeature) => void }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const term = useDebounced(text.trim(), 250);
  const results = useApi<ParcelList>(term ? `/api/parcels${query({ campaign: props.campaignId, q: term, limit: LIMIT })}` : null);
  const items = term && results.state === 'ready' ? results.data.features : [];

  const choose = (parcel: ParcelFeature) => {
    props.onChoose(parcel);
    setOpen(false);
    setText(parcel.properties.code);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        setActive((i) => (items.length ? (i + 1) % items.length : 0));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((i) => (items.length ? (i - 1 + items.length) % items.length : 0));
        break;
      case 'Enter': {
        const parcel = items[active] ?? items[0];
        if (open && parcel) {
          event.preventDefault();
          choose(parcel);
        }
        break;
      }
      case 'Escape':
        if (open) {
          // Handled here: the page-wide Esc (close the parcel panel) should not fire as well.
          event.preventDefault();
          setOpen(false);
        }
        break;
    }
  };

  const showList = open && term !== '';
  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <div className="search">
      <input
        type="search"
        className="search__input"
        placeholder="搜索地块编号、项目名称、电子监管号、用地单位"
        aria-label="搜索地块"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && items[active] ? optionId(active) : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div className="search__popover">
          {results.state === 'error' ? (
            <p className="search__status error-text">搜索失败：{results.message}</p>
          ) : results.state === 'loading' || term !== text.trim() ? (
            <p className="search__status">正在搜索…</p>
          ) : items.length === 0 ? (
            <p className="search__status">没有找到与“{term}”相关的地块</p>
          ) : (
            <p className="search__status">
              共 {results.data.total} 宗{results.data.total > LIMIT ? `，显示前 ${LIMIT} 宗` : ''}
            </p>
          )}
          <ul id={listId} role="listbox" aria-label="搜索结果" className="search__list">
            {items.map((parcel, index) => {
              const p = parcel.properties;
              return (
                <li
                  key={p.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === active}
                  className="search__option"
                  // mousedown, not click: it fires before the input's blur closes the list.
                  onMouseDown={(event) => {
                    event.preventDefault();
                    choose(parcel);
                  }}
                  onMouseEnter={() => setActive(index)}
                >
                  <span className="search__code">
                    <span className="swatch" style={{ background: CATEGORY_COLORS[p.category] }} aria-hidden="true" />
                    {p.code}
                  </span>
                  <span className="search__name">{p.projectName ?? '（无项目名称）'}</span>
                  <span className="search__meta">
                    {p.unitName} · {CATEGORY_LABELS[p.category]} · {p.ledgerMu.toFixed(2)} 亩
                    {p.landUser ? ` · ${p.landUser}` : ''}
                    {p.supervisionNumber ? ` · 监管号 ${p.supervisionNumber}` : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
