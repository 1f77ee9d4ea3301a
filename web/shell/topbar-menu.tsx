/**
 * A top-bar button that opens a small menu (导出, 管理): closes on Esc (giving focus back to its button), on a
 * choice and on a click elsewhere; the first item takes focus when it opens, for keyboard users.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import './topbar-menu.css';

export function TopbarMenu(props: { label: string; title?: string; ariaLabel: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('a, button:not(.topbar-action)')?.focus();
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  return (
    <div
      ref={root}
      className="topbar-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          // The menu takes this Esc; whatever is open beneath it stays open.
          event.preventDefault();
          close();
        }
      }}
    >
      <button ref={toggle} type="button" className="topbar-action" title={props.title} aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        {props.label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="topbar-menu__popover" role="group" aria-label={props.ariaLabel}>
          {props.children(close)}
        </div>
      )}
    </div>
  );
}
