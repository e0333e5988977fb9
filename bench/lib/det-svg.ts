// A DET plot (FNMR against FMR, both on log axes) as a small standalone SVG.

export interface DetSeries {
  label: string;
  colour: string;
  dashed?: boolean;
  /** (fmr, fnmr) points, any order. */
  points: [number, number][];
}

export function detSvg(title: string, series: DetSeries[], note: string): string {
  const W = 640, H = 480, L = 70, R = 20, T = 40, B = 60;
  const xMin = -5, xMax = 0, yMin = -4, yMax = 0; // log10 ranges
  const px = (fmr: number) => L + ((Math.log10(Math.max(fmr, 10 ** xMin)) - xMin) / (xMax - xMin)) * (W - L - R);
  const py = (fnmr: number) => T + (1 - (Math.log10(Math.max(fnmr, 10 ** yMin)) - yMin) / (yMax - yMin)) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`);
  for (let e = xMin; e <= xMax; e++) {
    const x = px(10 ** e);
    parts.push(`<line x1="${x}" y1="${T}" x2="${x}" y2="${H - B}" stroke="#ddd"/><text x="${x}" y="${H - B + 16}" text-anchor="middle">1e${e}</text>`);
  }
  for (let e = yMin; e <= yMax; e++) {
    const y = py(10 ** e);
    parts.push(`<line x1="${L}" y1="${y}" x2="${W - R}" y2="${y}" stroke="#ddd"/><text x="${L - 6}" y="${y + 4}" text-anchor="end">1e${e}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - B + 36}" text-anchor="middle">false match rate (FMR)</text>`);
  parts.push(`<text x="18" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 18 ${(T + H - B) / 2})">false non-match rate (FNMR)</text>`);
  parts.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#888"/>`);
  series.forEach((s, k) => {
    const pts = s.points.filter(([f, n]) => f > 0 && n > 0).sort((a, b) => a[0] - b[0]);
    if (pts.length > 1) {
      const d = pts.map(([f, n], i) => `${i ? 'L' : 'M'}${px(f).toFixed(1)},${py(n).toFixed(1)}`).join('');
      parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
    const ly = H - B - 12 - (series.length - 1 - k) * 16;
    parts.push(`<line x1="${L + 10}" y1="${ly - 4}" x2="${L + 35}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${L + 40}" y="${ly}" font-size="11">${esc(s.label)}</text>`);
  });
  parts.push(`<text x="${L}" y="${H - 8}" font-size="10" fill="#555">${esc(note)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** DET points from scored pairs: one per distinct threshold. */
export function detPoints(genuine: number[], impostor: number[]): [number, number][] {
  const g = [...genuine].sort((a, b) => a - b), i = [...impostor].sort((a, b) => b - a);
  const below = (t: number) => { // genuine scores < t, by binary search
    let lo = 0, hi = g.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (g[m]! < t) lo = m + 1; else hi = m; }
    return lo;
  };
  // Threshold at each impostor score (accept score ≥ t): k + 1 impostors accepted.
  return i.map((t, k) => [(k + 1) / i.length, below(t) / g.length] as [number, number]);
}

/** A published ROC file: two columns whose order differs between files; `tprFirst` says which. */
export function publishedDet(text: string, tprFirst: boolean): [number, number][] {
  return text.trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/).map(Number)).filter((r) => r.length >= 2 && r.every(Number.isFinite))
    .map(([a, b]) => (tprFirst ? [b!, 1 - a!] : [a!, 1 - b!]) as [number, number]);
}
