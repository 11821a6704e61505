import { html } from 'hono/html';
import type { Html } from './layout.js';

export interface WeekBar {
  label: string;
  overdue: number;
  open: number;
  done: number;
}

const COLORS = { overdue: '#c81e1e', open: '#2680c2', done: '#18794e' } as const;
const NAMES = { overdue: '逾期', open: '未完成', done: '已完成' } as const;

/** Targets per week by status, as an inline SVG: no script and no library, so it prints and works offline. */
export function weekChart(bars: readonly WeekBar[]): Html {
  const w = 28;
  const gap = 6;
  const h = 170;
  const top = 18;
  const bottom = 62;
  const max = Math.max(1, ...bars.map((b) => b.overdue + b.open + b.done));
  const width = Math.max(200, bars.length * (w + gap) + gap);
  // A week with one target next to a week with a hundred must still show its bar.
  const scale = (n: number) => (n === 0 ? 0 : Math.max(4, (n / max) * (h - top - bottom)));
  const rects = bars.map((b, i) => {
    const x = gap + i * (w + gap);
    let y = h - bottom;
    const parts = (['done', 'open', 'overdue'] as const).map((k) => {
      const height = scale(b[k]);
      y -= height;
      return b[k]
        ? html`<rect x="${x}" y="${y.toFixed(1)}" width="${w}" height="${height.toFixed(1)}" fill="${COLORS[k]}"
            ><title>${b.label} ${NAMES[k]} ${b[k]}</title></rect
          >`
        : '';
    });
    const total = b.overdue + b.open + b.done;
    return html`${parts}<text x="${x + w / 2}" y="${(y - 2).toFixed(1)}" text-anchor="middle">${total || ''}</text
      ><text x="${x + w / 2}" y="${h - bottom + 14}" text-anchor="middle" transform="rotate(35 ${x + w / 2} ${h - bottom + 14})">${b.label}</text>`;
  });
  const legend = (['overdue', 'open', 'done'] as const).map(
    (k, i) =>
      html`<rect x="${gap + i * 70}" y="${h - 12}" width="10" height="10" fill="${COLORS[k]}" /><text x="${gap + i * 70 + 14}" y="${h - 3}">${NAMES[k]}</text>`,
  );
  return html`<div class="scroll">
    <svg role="img" aria-label="每周到期目标数(按状态)" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">${rects}${legend}</svg>
  </div>`;
}
