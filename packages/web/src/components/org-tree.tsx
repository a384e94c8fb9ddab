import type * as Api from '@healthwatch/contract';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n';

type OrgUnit = Api.OrgUnitObject;

interface Props {
  units: OrgUnit[];
  /** Ids of the roots the user may use (null: every top unit). */
  roots: string[] | null;
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The org-unit hierarchy under the user's roots, with search by name or code; keyboard: Tab and Enter. */
export function OrgTree({ units, roots, selected, onSelect }: Props): React.JSX.Element {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const children = useMemo(() => {
    const m = new Map<string, OrgUnit[]>();
    for (const u of units) {
      const key = u.parent ?? '';
      const list = m.get(key) ?? [];
      list.push(u);
      m.set(key, list);
    }
    return m;
  }, [units]);
  const top = useMemo(
    () => (roots ? units.filter((u) => roots.includes(u.id)) : (children.get('') ?? [])),
    [units, roots, children],
  );
  const inScope = useMemo(() => {
    const s = new Set<string>();
    const walk = (u: OrgUnit): void => {
      s.add(u.id);
      for (const c of children.get(u.id) ?? []) {
        walk(c);
      }
    };
    top.forEach(walk);
    return s;
  }, [top, children]);
  // The roots and the selected unit's ancestors start open, so a linked form shows where it is.
  const [open, setOpen] = useState<Set<string>>(() => {
    const s = new Set(top.map((u) => u.id));
    const parentOf = new Map(units.map((u) => [u.id, u.parent]));
    for (let p = selected ? parentOf.get(selected) : undefined; p; p = parentOf.get(p)) {
      s.add(p);
    }
    return s;
  });
  const q = search.trim().toLowerCase();
  const matches =
    q === ''
      ? []
      : units
          .filter(
            (u) =>
              inScope.has(u.id) &&
              (u.name.toLowerCase().includes(q) || (u.code ?? '').toLowerCase().includes(q)),
          )
          .slice(0, 50);
  const node = (u: OrgUnit, depth: number): React.JSX.Element => {
    const kids = children.get(u.id) ?? [];
    const isOpen = open.has(u.id);
    return (
      <li
        key={u.id}
        role="treeitem"
        aria-expanded={kids.length > 0 ? isOpen : undefined}
        aria-selected={selected === u.id}
      >
        <div className="tree-row" style={{ paddingLeft: depth * 14 }}>
          {kids.length > 0 ? (
            <button
              type="button"
              className="twisty"
              aria-label={isOpen ? '−' : '+'}
              onClick={() =>
                setOpen((s) =>
                  s.has(u.id) ? new Set([...s].filter((x) => x !== u.id)) : new Set([...s, u.id]),
                )
              }
            >
              {isOpen ? '▾' : '▸'}
            </button>
          ) : (
            <span className="twisty" />
          )}
          <button
            type="button"
            className={selected === u.id ? 'unit selected' : 'unit'}
            onClick={() => onSelect(u.id)}
            data-unit={u.code ?? u.id}
          >
            {u.name}
          </button>
        </div>
        {isOpen && kids.length > 0 && <ul role="group">{kids.map((k) => node(k, depth + 1))}</ul>}
      </li>
    );
  };
  return (
    <div className="tree">
      <input
        type="search"
        placeholder={t('entry.searchUnit')}
        aria-label={t('entry.searchUnit')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {q !== '' ? (
        <ul className="matches">
          {matches.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className={selected === u.id ? 'unit selected' : 'unit'}
                onClick={() => onSelect(u.id)}
                data-unit={u.code ?? u.id}
              >
                {u.name} <small className="muted">{u.code}</small>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <ul role="tree" aria-label={t('entry.pickUnit')}>
          {top.map((u) => node(u, 0))}
        </ul>
      )}
    </div>
  );
}
