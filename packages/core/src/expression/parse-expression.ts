import { AppError } from '../errors.js';
import { msg } from '../i18n/translate.js';
import type { MessageRef } from '../i18n/translate.js';
import type { AggregationOverride, BinaryOp, DataItem, Expr, ItemModifiers, ReportingMetric } from './ast.js';
import { REPORTING_METRICS } from './ast.js';

type Tok =
  | { t: 'num'; v: number; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'id'; v: string; pos: number }
  | { t: 'item'; prefix: '#' | 'C' | 'OUG' | 'N' | 'R'; body: string; text: string; pos: number }
  | { t: 'var'; v: 'days' | 'periodInYear' | 'yearlyPeriodCount'; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'eof'; pos: number };

/** A parse failure, with the 0-based character position where it was noticed. */
export function parseError(source: string, pos: number, what: MessageRef): AppError {
  return new AppError(
    'HW_VALIDATION',
    { reason: msg('reason.expression', { pos: pos + 1, what }) },
    {
      details: [
        {
          path: `expression:${pos + 1}`,
          // Where, shown in the expression itself (the reason is the message).
          message: `${source.slice(Math.max(0, pos - 10), pos)}⟨${source.slice(pos, pos + 10)}⟩`,
        },
      ],
    },
  );
}

const OPS = [
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '^',
  '*',
  '/',
  '%',
  '+',
  '-',
  '<',
  '>',
  '!',
  '(',
  ')',
  ',',
  '.',
];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) {
        throw parseError(src, i, msg('expr.unclosedComment'));
      }
      i = end + 2;
      continue;
    }
    const item = /^(#|C|OUG|N|R)\{([^}]*)\}/.exec(src.slice(i));
    if (item) {
      out.push({
        t: 'item',
        prefix: item[1] as '#' | 'C' | 'OUG' | 'N' | 'R',
        body: (item[2] ?? '').trim(),
        text: item[0],
        pos: i,
      });
      i += item[0].length;
      continue;
    }
    const v = /^\[(days|periodInYear|yearlyPeriodCount)\]/.exec(src.slice(i));
    if (v) {
      out.push({ t: 'var', v: v[1] as 'days', pos: i });
      i += v[0].length;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) {
          j++;
        }
        s += src[j] ?? '';
        j++;
      }
      if (j >= src.length) {
        throw parseError(src, i, msg('expr.unclosedString'));
      }
      out.push({ t: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op, pos: i });
      i += op.length;
      continue;
    }
    throw parseError(src, i, msg('expr.badChar', { c }));
  }
  out.push({ t: 'eof', pos: src.length });
  return out;
}

const AGGREGATION_OVERRIDES: readonly AggregationOverride[] = [
  'SUM',
  'AVERAGE',
  'AVERAGE_SUM_ORG_UNIT',
  'LAST',
  'LAST_AVERAGE_ORG_UNIT',
  'LAST_IN_PERIOD',
  'FIRST',
  'MAX_SUM_ORG_UNIT',
  'MIN_SUM_ORG_UNIT',
  'MIN',
  'MAX',
  'COUNT',
  'NONE',
];

/** Functions and how many arguments they take ([min, max]; max -1 = any). */
export const FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  if: [3, 3],
  isNull: [1, 1],
  isNotNull: [1, 1],
  firstNonNull: [1, -1],
  greatest: [1, -1],
  least: [1, -1],
  removeZeros: [1, 1],
  log: [1, 2],
  log10: [1, 1],
  contains: [2, -1],
  containsItems: [2, -1],
  is: [2, -1],
  subExpression: [1, 1],
};

// Binding powers: higher binds tighter. `^` binds tighter than unary minus (-2^2 = -4) and is
// right-associative; its right operand may itself be signed (2 ^ -2 = 0.25).
const INFIX: Record<string, [number, BinaryOp]> = {
  '||': [1, '||'],
  or: [1, '||'],
  '&&': [2, '&&'],
  and: [2, '&&'],
  '==': [3, '=='],
  '!=': [3, '!='],
  '<': [4, '<'],
  '>': [4, '>'],
  '<=': [4, '<='],
  '>=': [4, '>='],
  '+': [5, '+'],
  '-': [5, '-'],
  '*': [6, '*'],
  '/': [6, '/'],
  '%': [6, '%'],
  '^': [8, '^'],
};
const UNARY_BP = 7;

/**
 * Parses an expression in the DHIS2 syntax. Errors are `HW_VALIDATION` naming the 1-based
 * character position. Predictor-only and tracker items (`D{}`, `A{}`, `I{}`) are not supported.
 */
export function parseExpression(source: string): Expr {
  const toks = lex(source);
  let k = 0;
  const peek = (): Tok => toks[k] ?? { t: 'eof', pos: source.length };
  const next = (): Tok => toks[k++] ?? { t: 'eof', pos: source.length };
  const expectOp = (v: string): Tok => {
    const tok = next();
    if (tok.t !== 'op' || tok.v !== v) {
      throw parseError(source, tok.pos, msg('expr.expected', { v }));
    }
    return tok;
  };

  const modifiers = (item: DataItem): DataItem => {
    if (item.kind === 'constant' || item.kind === 'orgUnitGroupCount') {
      return item;
    }
    const mods: ItemModifiers = { ...item.modifiers };
    for (;;) {
      const dot = peek();
      if (dot.t !== 'op' || dot.v !== '.') {
        break;
      }
      next();
      const name = next();
      if (name.t !== 'id') {
        throw parseError(source, name.pos, msg('expr.modifierName'));
      }
      expectOp('(');
      switch (name.v) {
        case 'aggregationType': {
          const a = next();
          if (a.t !== 'id' || !(AGGREGATION_OVERRIDES as readonly string[]).includes(a.v)) {
            throw parseError(source, a.pos, msg('expr.aggregation'));
          }
          mods.aggregationType = a.v as AggregationOverride;
          break;
        }
        case 'periodOffset': {
          let sign = 1;
          let n = next();
          if (n.t === 'op' && (n.v === '-' || n.v === '+')) {
            sign = n.v === '-' ? -1 : 1;
            n = next();
          }
          if (n.t !== 'num' || !Number.isInteger(n.v)) {
            throw parseError(source, n.pos, msg('expr.offsetInteger'));
          }
          mods.periodOffset = (mods.periodOffset ?? 0) + sign * n.v;
          break;
        }
        case 'yearToDate':
          mods.yearToDate = true;
          break;
        case 'minDate':
        case 'maxDate': {
          const start = peek().pos;
          let text = '';
          while (peek().t !== 'eof' && !(peek().t === 'op' && (peek() as { v: string }).v === ')')) {
            const tk = next();
            text += tk.t === 'num' ? String(tk.v) : tk.t === 'op' || tk.t === 'id' ? tk.v : '';
          }
          const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
          if (!m) {
            throw parseError(source, start, msg('expr.dateFormat'));
          }
          const d = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
          if (name.v === 'minDate') {
            mods.minDate = d;
          } else {
            mods.maxDate = d;
          }
          break;
        }
        default:
          throw parseError(source, name.pos, msg('expr.modifier', { v: name.v }));
      }
      expectOp(')');
    }
    return { ...item, modifiers: mods };
  };

  const itemOf = (tok: Extract<Tok, { t: 'item' }>): DataItem => {
    const b = tok.body;
    const bad = (): never => {
      throw parseError(source, tok.pos, msg('expr.item', { v: tok.text }));
    };
    if (b === '') {
      bad();
    }
    switch (tok.prefix) {
      case '#': {
        const parts = b.split('.');
        if (parts.length > 3 || parts.some((p) => p === '')) {
          bad();
        }
        const [de, coc, aoc] = parts;
        const norm = (s: string | undefined): string | null => (s === undefined || s === '*' ? null : s);
        if (de === '*' || de === undefined) {
          bad();
        }
        return { kind: 'dataElement', de: de ?? '', coc: norm(coc), aoc: norm(aoc), modifiers: {} };
      }
      case 'C':
        return { kind: 'constant', id: b };
      case 'OUG':
        return { kind: 'orgUnitGroupCount', id: b };
      case 'N':
        return { kind: 'indicator', id: b, modifiers: {} };
      case 'R': {
        const dot = b.lastIndexOf('.');
        const metric = b.slice(dot + 1);
        if (dot <= 0 || !(REPORTING_METRICS as readonly string[]).includes(metric)) {
          bad();
        }
        return {
          kind: 'reportingRate',
          dataSet: b.slice(0, dot),
          metric: metric as ReportingMetric,
          modifiers: {},
        };
      }
    }
  };

  const primary = (): Expr => {
    const tok = next();
    switch (tok.t) {
      case 'num':
        return { type: 'number', value: tok.v, pos: tok.pos };
      case 'str':
        return { type: 'string', value: tok.v, pos: tok.pos };
      case 'var':
        return { type: 'periodVariable', name: tok.v, pos: tok.pos };
      case 'item':
        return { type: 'item', item: modifiers(itemOf(tok)), text: tok.text, pos: tok.pos };
      case 'id': {
        if (tok.v === 'true' || tok.v === 'false') {
          return { type: 'boolean', value: tok.v === 'true', pos: tok.pos };
        }
        if (tok.v === 'null') {
          return { type: 'null', pos: tok.pos };
        }
        if (tok.v === 'not') {
          return { type: 'unary', op: '!', arg: expr(UNARY_BP), pos: tok.pos };
        }
        const arity = FUNCTIONS[tok.v];
        if (!arity) {
          throw parseError(source, tok.pos, msg('expr.name', { v: tok.v }));
        }
        expectOp('(');
        const args: Expr[] = [];
        if (tok.v === 'is') {
          // is(x in a, b, …): the first argument ends at the keyword `in`.
          args.push(expr(0));
          const kw = next();
          if (kw.t !== 'id' || kw.v !== 'in') {
            throw parseError(source, kw.pos, msg('expr.isIn'));
          }
        }
        if (!(peek().t === 'op' && (peek() as { v: string }).v === ')')) {
          for (;;) {
            args.push(expr(0));
            const sep = peek();
            if (sep.t === 'op' && sep.v === ',') {
              next();
              continue;
            }
            break;
          }
        }
        expectOp(')');
        const [min, max] = arity;
        if (args.length < min || (max >= 0 && args.length > max)) {
          throw parseError(source, tok.pos, msg('expr.arity', { v: tok.v }));
        }
        return { type: 'call', name: tok.v, args, pos: tok.pos };
      }
      case 'op':
        if (tok.v === '(') {
          const e = expr(0);
          expectOp(')');
          return e;
        }
        if (tok.v === '-' || tok.v === '+' || tok.v === '!') {
          return { type: 'unary', op: tok.v, arg: expr(UNARY_BP), pos: tok.pos };
        }
        throw parseError(source, tok.pos, msg('expr.unexpected', { v: tok.v }));
      case 'eof':
        throw parseError(source, tok.pos, msg('expr.incomplete'));
    }
  };

  function expr(minBp: number): Expr {
    let left = primary();
    for (;;) {
      const tok = peek();
      const key =
        tok.t === 'op' ? tok.v : tok.t === 'id' && (tok.v === 'and' || tok.v === 'or') ? tok.v : null;
      const info = key ? INFIX[key] : undefined;
      if (!info || info[0] <= minBp) {
        break;
      }
      next();
      const [bp, op] = info;
      // Right-associative `^` parses its right side at a lower power; the right side may start
      // with a sign, which primary() handles.
      const right = op === '^' ? expr(bp - 1) : expr(bp);
      left = { type: 'binary', op, left, right, pos: tok.pos };
    }
    return left;
  }

  const result = expr(0);
  const end = peek();
  if (end.t !== 'eof') {
    throw parseError(source, end.pos, msg('expr.trailing'));
  }
  return result;
}

/** Every data item an expression refers to (with duplicates removed by their text). */
export function collectItems(e: Expr, out: Map<string, DataItem> = new Map()): Map<string, DataItem> {
  switch (e.type) {
    case 'item':
      out.set(itemKey(e.item), e.item);
      break;
    case 'unary':
      collectItems(e.arg, out);
      break;
    case 'binary':
      collectItems(e.left, out);
      collectItems(e.right, out);
      break;
    case 'call':
      for (const a of e.args) {
        collectItems(a, out);
      }
      break;
    default:
      break;
  }
  return out;
}

/** A canonical key for an item including its modifiers. */
export function itemKey(i: DataItem): string {
  switch (i.kind) {
    case 'dataElement':
      return `#${i.de}.${i.coc ?? '*'}.${i.aoc ?? '*'}${modKey(i.modifiers)}`;
    case 'constant':
      return `C${i.id}`;
    case 'orgUnitGroupCount':
      return `OUG${i.id}`;
    case 'indicator':
      return `N${i.id}${modKey(i.modifiers)}`;
    case 'reportingRate':
      return `R${i.dataSet}.${i.metric}${modKey(i.modifiers)}`;
  }
}

function modKey(m: ItemModifiers): string {
  return `${m.aggregationType ? `|a:${m.aggregationType}` : ''}${m.periodOffset ? `|o:${m.periodOffset}` : ''}${m.yearToDate ? '|ytd' : ''}${m.minDate ? `|min:${m.minDate}` : ''}${m.maxDate ? `|max:${m.maxDate}` : ''}`;
}
