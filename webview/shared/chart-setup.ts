/** Chart.js, bundled (no CDN), with only the pieces the panels use, and our own small plugins. */
import {
  Chart, LineController, ScatterController, BarController, LineElement, PointElement, BarElement,
  LinearScale, LogarithmicScale, CategoryScale, Tooltip, Filler, type Plugin,
} from 'chart.js';

/** Vertical error bars for points that carry `e` (±e around y), e.g. ±σ on a parity plot. */
const errorBars: Plugin = {
  id: 'mlipErrorBars',
  beforeDatasetDraw(chart, args) {
    const ds = chart.data.datasets[args.index] as { data: unknown[]; errorBarColor?: string };
    if (!ds.errorBarColor) return;
    const meta = chart.getDatasetMeta(args.index);
    const y = chart.scales[meta.yAxisID ?? 'y'];
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = ds.errorBarColor;
    ctx.lineWidth = 1;
    ctx.beginPath();
    meta.data.forEach((pt, i) => {
      const raw = ds.data[i] as { y: number; e?: number } | undefined;
      if (!raw || !raw.e || !Number.isFinite(raw.e)) return;
      ctx.moveTo(pt.x, y.getPixelForValue(raw.y - raw.e));
      ctx.lineTo(pt.x, y.getPixelForValue(raw.y + raw.e));
    });
    ctx.stroke();
    ctx.restore();
  },
};

/** Paints the theme background under the chart so an exported PNG is not transparent. */
const background: Plugin = {
  id: 'mlipBackground',
  beforeDraw(chart) {
    const colour = (chart.options as { backgroundFill?: string }).backgroundFill;
    if (!colour) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

let registered = false;
export function registerCharts(): typeof Chart {
  if (!registered) {
    Chart.register(LineController, ScatterController, BarController, LineElement, PointElement, BarElement,
      LinearScale, LogarithmicScale, CategoryScale, Tooltip, Filler, errorBars, background);
    registered = true;
  }
  return Chart;
}
