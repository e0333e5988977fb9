// Head pose estimated from the seven alignment landmarks alone (no 3-D model): roll from the eye
// line, yaw from the nose base's sideways offset, pitch from its height between eyes and mouth.
// Rough by design (a few degrees near frontal, saturating past about ±60°): it feeds the
// quality report, not any decision about identity.
import type { FaceLandmarks, HeadPose, Point } from './types.ts';

const deg = 180 / Math.PI;
// Frontal ratios of the mean face: nose base height between eye line and mouth line.
const frontalPitchRatio = 0.7266;
// Depth of the nose base in front of the eye plane and its vertical lever, in inter-eye units.
const noseDepth = 0.55;
const pitchLever = 0.6;

export function poseFromLandmarks(lm: FaceLandmarks): HeadPose {
  const re = mid(lm.rightEyeOuter, lm.rightEyeInner);
  const le = mid(lm.leftEyeOuter, lm.leftEyeInner);
  const roll = Math.atan2(le.y - re.y, le.x - re.x);
  const c = Math.cos(-roll), s = Math.sin(-roll);
  const rot = (p: Point): Point => ({ x: c * p.x - s * p.y, y: s * p.x + c * p.y });
  const eyes = rot(mid(re, le));
  const interEye = Math.hypot(le.x - re.x, le.y - re.y) || 1;
  const nose = rot(lm.noseBase);
  const mouth = rot(mid(lm.mouthRight, lm.mouthLeft));
  const yaw = Math.asin(clamp((nose.x - eyes.x) / interEye / noseDepth));
  const vertical = mouth.y - eyes.y;
  const pitch = vertical > 0 ? Math.asin(clamp(((nose.y - eyes.y) / vertical - frontalPitchRatio) / pitchLever)) : 0;
  return { yaw: round1(yaw * deg), pitch: round1(pitch * deg), roll: round1(roll * deg) };
}

export function interEyeDistance(lm: FaceLandmarks): number {
  const re = mid(lm.rightEyeOuter, lm.rightEyeInner);
  const le = mid(lm.leftEyeOuter, lm.leftEyeInner);
  return Math.hypot(le.x - re.x, le.y - re.y);
}

function mid(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

function clamp(v: number): number {
  return Math.max(-1, Math.min(1, v));
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
