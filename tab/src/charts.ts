import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { el } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const charts = new Set<Chart>();

/** Colours come from the theme's CSS variables, so a theme change only needs a redraw. */
function themeColour(name: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || '#000';
}

export interface BarSeries {
  label: string;
  values: number[];
  /** CSS variable holding the bar colour. */
  colour: string;
}

/**
 * A bar chart drawn on a canvas that assistive technology skips: the table next to it carries
 * the same figures for everyone, so the canvas is decoration with a short note.
 */
export function barChart(
  labels: string[],
  series: BarSeries[],
  note: string,
  horizontal = false,
): HTMLElement {
  const canvas = el('canvas', { role: 'img', 'aria-label': note });
  const wrap = el('div', { class: 'chart' }, [canvas]);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      // Long labels are shortened on the axis only; the table beside the chart has them in full.
      labels: labels.map((label) => (label.length > 32 ? `${label.slice(0, 30)}…` : label)),
      datasets: series.map((item) => ({
        label: item.label,
        data: item.values,
        backgroundColor: themeColour(item.colour),
        borderColor: themeColour('--chart-border'),
        borderWidth: 1,
      })),
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: series.length > 1, labels: { color: themeColour('--text') } },
      },
      scales: {
        x: { ticks: { color: themeColour('--text') }, grid: { color: themeColour('--grid') } },
        y: {
          beginAtZero: true,
          ticks: { color: themeColour('--text'), precision: 0 },
          grid: { color: themeColour('--grid') },
        },
      },
    },
  });
  charts.add(chart);
  return wrap;
}

/** Forget the charts of a page that is being redrawn. */
export function destroyCharts(): void {
  for (const chart of charts) chart.destroy();
  charts.clear();
}
