// The seven alignment points the face pipeline aligns with (eye corners, nose base, mouth corners,
// subject's view) from a face record's MPEG-4 feature points: corners and mouth where recorded,
// otherwise placed from the eye centres (3.5 left, 3.6 right) by average facial proportions.
import type { FaceLandmark } from '../domain/face.ts';
import type { FeaturePoint } from './face-record.ts';

type P = { x: number; y: number };

/** The seven alignment landmarks, or undefined when the points do not locate both eyes. */
export function alignmentLandmarks(points: readonly FeaturePoint[]): FaceLandmark[] | undefined {
  const at = (code: string): P | undefined => points.find((p) => p.type === 1 && p.code === code);
  const lo = at('3.7'), ro = at('3.8'), li = at('3.11'), ri = at('3.12');
  const mid = (a: P, b: P): P => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const left = at('3.5') ?? (lo && li ? mid(lo, li) : undefined);
  const right = at('3.6') ?? (ro && ri ? mid(ro, ri) : undefined);
  if (!left || !right) return undefined;
  const v = { x: left.x - right.x, y: left.y - right.y };
  const d = Math.hypot(v.x, v.y);
  if (d < 4) return undefined;
  const down = { x: -v.y / d, y: v.x / d };
  const c = mid(left, right);
  const place = (from: P, along: number, below: number): P => ({ x: from.x + (v.x / d) * along * d + down.x * below * d, y: from.y + (v.y / d) * along * d + down.y * below * d });
  const named: [string, P][] = [
    ['rightEyeOuter', ro ?? place(right, -0.24, 0)],
    ['rightEyeInner', ri ?? place(right, 0.24, 0)],
    ['leftEyeInner', li ?? place(left, -0.24, 0)],
    ['leftEyeOuter', lo ?? place(left, 0.24, 0)],
    ['noseBase', place(c, 0, 0.68)],
    ['mouthRight', at('8.4') ?? place(c, -0.38, 1.05)],
    ['mouthLeft', at('8.3') ?? place(c, 0.38, 1.05)],
  ];
  return named.map(([name, p]) => ({ name, x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 }));
}
