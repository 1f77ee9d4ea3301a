/**
 * The head of a side panel: its title, or tabs when it holds two views. On a phone, where the panel is a bottom
 * sheet over the map, it also offers 收起 (hide the sheet); on a desk only the tabs show (layout.css).
 */
export interface PanelTabs<K extends string> {
  items: { key: K; label: string }[];
  active: K;
  onChange: (key: K) => void;
}

export function SheetHeader<K extends string>(props: { title: string; tabs?: PanelTabs<K> | null; onCollapse: () => void }) {
  const { tabs } = props;
  return (
    <div className={`sheet-header ${tabs ? 'sheet-header--tabs' : ''}`}>
      {tabs ? (
        <div className="tabs" role="tablist" aria-label={props.title}>
          {tabs.items.map((tab) => (
            <button key={tab.key} type="button" role="tab" aria-selected={tabs.active === tab.key} onClick={() => tabs.onChange(tab.key)}>
              {tab.label}
            </button>
          ))}
        </div>
      ) : (
        <strong className="sheet-header__title">{props.title}</strong>
      )}
      <button type="button" className="link-button sheet-header__collapse" onClick={props.onCollapse}>
        收起
      </button>
    </div>
  );
}
