// Hand-made SVG charts (a few hundred bytes each instead of a chart library): columns, bars, paired bars, a
// line, and the who-owes-whom graph. Each is an image with a text alternative; the numbers are also
// written out beside it, so nothing depends on seeing the picture.
import { s } from './dom.js';

const W = 360;

function chart(label: string, height: number, ...children: SVGElement[]): SVGElement {
  return s(
    'svg',
    {
      viewBox: `0 0 ${W} ${height}`,
      role: 'img',
      'aria-label': label,
      class: 'chart',
      preserveAspectRatio: 'xMidYMid meet',
    },
    s('title', {}, label),
    ...children,
  );
}

const short = (value: number) =>
  Math.abs(value) >= 1e7
    ? `${(value / 1e7).toFixed(1)}Cr`
    : Math.abs(value) >= 1e5
      ? `${(value / 1e5).toFixed(1)}L`
      : Math.abs(value) >= 1e3
        ? `${(value / 1e3).toFixed(1)}k`
        : value.toFixed(0);

/** Vertical bars (spending per month). */
export function columns(label: string, rows: { label: string; value: number; text: string }[]): SVGElement {
  const H = 200;
  const top = 18;
  const bottom = 30;
  const max = Math.max(...rows.map((r) => r.value), 1);
  const slot = (W - 20) / Math.max(rows.length, 1);
  const bar = Math.min(slot * 0.7, 40);
  const parts = rows.map((r, i) => {
    const height = ((H - top - bottom) * r.value) / max;
    const x = 10 + slot * i + (slot - bar) / 2;
    const y = H - bottom - height;
    return s(
      'g',
      {},
      s(
        'rect',
        { x, y, width: bar, height: Math.max(height, 1), rx: 3, class: 'bar' },
        s('title', {}, `${r.label}: ${r.text}`),
      ),
      s('text', { x: x + bar / 2, y: y - 4, 'text-anchor': 'middle', class: 'value' }, short(r.value)),
      s(
        'text',
        { x: x + bar / 2, y: H - bottom + 14, 'text-anchor': 'middle', class: 'label' },
        r.label.slice(0, 3),
      ),
      s(
        'text',
        { x: x + bar / 2, y: H - bottom + 26, 'text-anchor': 'middle', class: 'label' },
        r.label.slice(-4),
      ),
    );
  });
  return chart(
    label,
    H,
    s('line', { x1: 8, x2: W - 8, y1: H - bottom, y2: H - bottom, class: 'axis' }),
    ...parts,
  );
}

/** Horizontal bars, largest first as given (spending by category). */
export function bars(label: string, rows: { label: string; value: number }[]): SVGElement {
  const row = 26;
  const left = 132;
  const H = rows.length * row + 8;
  const max = Math.max(...rows.map((r) => r.value), 1);
  const width = (v: number) => Math.max(((W - left - 50) * v) / max, 1);
  const parts = rows.map((r, i) => {
    const y = 6 + i * row;
    return s(
      'g',
      {},
      s(
        'text',
        { x: left - 6, y: y + 13, 'text-anchor': 'end', class: 'label' },
        r.label.length > 20 ? `${r.label.slice(0, 19)}…` : r.label,
      ),
      s('rect', { x: left, y, width: width(r.value), height: 17, rx: 2, class: 'bar' }),
      s('text', { x: left + width(r.value) + 4, y: y + 13, class: 'value' }, short(r.value)),
    );
  });
  return chart(label, H, ...parts);
}

/** Horizontal paired bars (per person: paid, and their share). */
export function pairedBars(
  label: string,
  rows: { label: string; a: number; b: number }[],
  names: [string, string],
): SVGElement {
  const row = 40;
  const left = 110;
  const H = rows.length * row + 28;
  const max = Math.max(...rows.flatMap((r) => [r.a, r.b]), 1);
  const width = (v: number) => Math.max(((W - left - 50) * v) / max, 1);
  const parts = rows.map((r, i) => {
    const y = 24 + i * row;
    return s(
      'g',
      {},
      s(
        'text',
        { x: left - 6, y: y + 14, 'text-anchor': 'end', class: 'label' },
        r.label.length > 16 ? `${r.label.slice(0, 15)}…` : r.label,
      ),
      s('rect', { x: left, y, width: width(r.a), height: 13, rx: 2, class: 'bar' }),
      s('text', { x: left + width(r.a) + 4, y: y + 11, class: 'value' }, short(r.a)),
      s('rect', { x: left, y: y + 16, width: width(r.b), height: 13, rx: 2, class: 'bar second' }),
      s('text', { x: left + width(r.b) + 4, y: y + 27, class: 'value' }, short(r.b)),
    );
  });
  const legend = s(
    'g',
    {},
    s('rect', { x: left, y: 4, width: 10, height: 10, class: 'bar' }),
    s('text', { x: left + 14, y: 13, class: 'label' }, names[0]),
    s('rect', { x: left + 90, y: 4, width: 10, height: 10, class: 'bar second' }),
    s('text', { x: left + 104, y: 13, class: 'label' }, names[1]),
  );
  return chart(label, H, legend, ...parts);
}

/** A line over time (the running net), with the zero line. */
export function line(label: string, points: { x: string; y: number }[]): SVGElement {
  const H = 180;
  const pad = { l: 44, r: 10, t: 12, b: 24 };
  const ys = points.map((p) => p.y);
  const lo = Math.min(0, ...ys);
  const hi = Math.max(0, ...ys);
  const span = hi - lo || 1;
  const px = (i: number) => pad.l + ((W - pad.l - pad.r) * i) / Math.max(points.length - 1, 1);
  const py = (v: number) => pad.t + ((H - pad.t - pad.b) * (hi - v)) / span;
  const path = points.map((p, i) => `${px(i).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
  const first = points[0];
  const last = points.at(-1);
  return chart(
    label,
    H,
    s('line', { x1: pad.l, x2: W - pad.r, y1: py(0), y2: py(0), class: 'axis' }),
    s('text', { x: pad.l - 4, y: py(hi) + 4, 'text-anchor': 'end', class: 'label' }, short(hi)),
    s('text', { x: pad.l - 4, y: py(0) + 4, 'text-anchor': 'end', class: 'label' }, '0'),
    s('text', { x: pad.l - 4, y: py(lo) + 4, 'text-anchor': 'end', class: 'label' }, short(lo)),
    points.length > 1
      ? s('polyline', { points: path, class: 'line' })
      : s('circle', { cx: px(0), cy: py(first?.y ?? 0), r: 4, class: 'dot' }),
    // The axis: the first and the last day; one day, once, in the middle.
    ...(first?.x === last?.x
      ? [
          s(
            'text',
            { x: (pad.l + W - pad.r) / 2, y: H - 6, 'text-anchor': 'middle', class: 'label' },
            first?.x ?? '',
          ),
        ]
      : [
          s('text', { x: pad.l, y: H - 6, class: 'label' }, first?.x ?? ''),
          s('text', { x: W - pad.r, y: H - 6, 'text-anchor': 'end', class: 'label' }, last?.x ?? ''),
        ]),
  );
}

/** About how wide one character of a label is (12 px system sans-serif), to keep labels inside. */
const LABEL_CHAR_PX = 6.6;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where an amount's label goes: at (x, y), or moved down (then up) a line at a time until it
 * overlaps no label placed before it, kept inside the picture's width. The width is estimated from
 * the text, as the names' is.
 */
function freeSpot(placed: Box[], x: number, y: number, text: string): { x: number; y: number } {
  const w = text.length * LABEL_CHAR_PX + 4;
  const h = 16;
  const cx = Math.min(Math.max(x, w / 2 + 2), W - w / 2 - 2);
  const overlaps = (b: Box) => Math.abs(b.x - cx) * 2 < b.w + w && Math.abs(b.y - y) * 2 < b.h + h;
  for (let step = 0; step < 12; step++) {
    const dy = (step % 2 === 0 ? 1 : -1) * Math.ceil(step / 2) * h;
    const box = { x: cx, y: y + dy, w, h };
    if (!placed.some((b) => overlaps({ ...b, y: b.y - dy }))) {
      placed.push(box);
      return { x: cx, y: y + dy };
    }
  }
  placed.push({ x: cx, y, w, h });
  return { x: cx, y };
}

/** Who owes whom: people on a circle, an arrow from each debtor to their creditor with the amount. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: on the list of long functions to split (test/structure/complexity-exceptions.test.ts)
export function debtGraph(
  label: string,
  people: { id: number; name: string }[],
  debts: { from: number; to: number; text: string }[],
): SVGElement {
  const H = 320;
  const cx = W / 2;
  const cy = H / 2;
  const radius = people.length <= 2 ? 90 : 118;
  const node = 20;
  const at = new Map(
    people.map((p, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(people.length, 1);
      return [p.id, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) }];
    }),
  );
  const defs = s(
    'defs',
    {},
    s(
      'marker',
      {
        id: 'arrow',
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
      },
      s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }),
    ),
  );
  const placed: Box[] = [];
  const arrows = debts.map((d) => {
    const a = at.get(d.from);
    const b = at.get(d.to);
    if (!a || !b) return s('g');
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const [ux, uy] = [dx / len, dy / len];
    // Bent a little to one side, so A→B and B→C through the middle stay apart.
    const mx = (a.x + b.x) / 2 - uy * 14;
    const my = (a.y + b.y) / 2 + ux * 14;
    const start = { x: a.x + ux * node, y: a.y + uy * node };
    const end = { x: b.x - ux * (node + 2), y: b.y - uy * (node + 2) };
    // The amount sits on the curve 40% of the way from the debtor, so two arrows crossing in the
    // middle keep their amounts apart.
    const t = 0.4;
    const onCurve = (p: number, q: number, r: number) => (1 - t) ** 2 * p + 2 * (1 - t) * t * q + t ** 2 * r;
    return s(
      'g',
      {},
      s('path', {
        d: `M${start.x.toFixed(1)},${start.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${end.x.toFixed(1)},${end.y.toFixed(1)}`,
        class: 'edge',
        'marker-end': 'url(#arrow)',
      }),
      s(
        'text',
        {
          ...freeSpot(placed, onCurve(start.x, mx, end.x), onCurve(start.y, my, end.y) + 4, d.text),
          'text-anchor': 'middle',
          class: 'amount',
        },
        d.text,
      ),
    );
  });
  const nodes = people.map((p) => {
    const { x, y } = at.get(p.id) ?? { x: cx, y: cy };
    const initials = p.name
      .split(/\s+/)
      .map((w) => w[0] ?? '')
      .join('')
      .slice(0, 2)
      .toUpperCase();
    const below = y >= cy;
    const text = p.name.length > 18 ? `${p.name.slice(0, 17)}…` : p.name;
    // Kept inside the picture: a name on the left or right edge is moved in by half its width.
    const half = (text.length * LABEL_CHAR_PX) / 2;
    const labelX = Math.min(Math.max(x, half + 2), W - half - 2);
    return s(
      'g',
      {},
      s('circle', { cx: x, cy: y, r: node, class: 'node' }),
      s('text', { x, y: y + 5, 'text-anchor': 'middle', class: 'initials' }, initials),
      s(
        'text',
        { x: labelX, y: below ? y + node + 14 : y - node - 6, 'text-anchor': 'middle', class: 'label' },
        text,
      ),
    );
  });
  return chart(label, H, defs, ...arrows, ...nodes);
}
