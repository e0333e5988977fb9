// A DET curve (FNMR against FMR, both on log scales) as a self-contained SVG.
import type { CalibrationReport } from '../../../domain/calibration-report.ts';

const W = 560, H = 420, L = 70, R = 20, T = 40, B = 60;

/** The DET curve of a report as SVG: axes labelled, a tick per decade, the supported FMR range only. */
export function detSvg(report: CalibrationReport, title: string): string {
  const xMin = 10 ** Math.floor(Math.log10(report.lowestSupportedFmr));
  const yMin = 10 ** Math.floor(Math.log10(1 / Math.max(1, report.genuineComparisons)));
  const x = (f: number) => L + ((Math.log10(f) - Math.log10(xMin)) / -Math.log10(xMin)) * (W - L - R);
  const y = (f: number) => T + (1 - (Math.log10(Math.max(f, yMin)) - Math.log10(yMin)) / -Math.log10(yMin)) * (H - T - B);
  const ticks = (min: number) => Array.from({ length: -Math.log10(min) + 1 }, (_, i) => 10 ** (Math.log10(min) + i));
  const label = (f: number) => (f === 1 ? '1' : `10^${Math.round(Math.log10(f))}`);
  const grid = [
    ...ticks(xMin).map((f) => `<line x1="${x(f).toFixed(1)}" y1="${T}" x2="${x(f).toFixed(1)}" y2="${H - B}" stroke="#ddd"/><text x="${x(f).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${label(f)}</text>`),
    ...ticks(yMin).map((f) => `<line x1="${L}" y1="${y(f).toFixed(1)}" x2="${W - R}" y2="${y(f).toFixed(1)}" stroke="#ddd"/><text x="${L - 6}" y="${(y(f) + 4).toFixed(1)}" text-anchor="end">${label(f)}</text>`),
  ];
  const path = report.det.map((p, i) => `${i ? 'L' : 'M'}${x(p.fmr).toFixed(1)},${y(p.fnmr).toFixed(1)}`).join(' ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="13">${escape(title)}</text>`,
    ...grid,
    `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#000"/>`,
    `<path d="${path}" fill="none" stroke="#1f5fbf" stroke-width="2"/>`,
    `<text x="${(L + W - R) / 2}" y="${H - 18}" text-anchor="middle">False match rate (FMR, log scale)</text>`,
    `<text transform="translate(18 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">False non-match rate (FNMR, log scale)</text>`,
    '</svg>',
  ].join('\n');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
