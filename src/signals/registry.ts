// Every signal type, one line each. Code that needs "all signals for a photo" asks here.
import type { ContentType, SignalType } from './signal-type.ts';
import { sha256Signal } from './sha256/index.ts';
import { md5Signal } from './md5/index.ts';
import { sha1Signal } from './sha1/index.ts';
import { pdqSignal } from './pdq/index.ts';
import { vpdqSignal } from './vpdq/index.ts';
import { audioSignal } from './audio/index.ts';

export const signalTypes: readonly SignalType<any>[] = [sha256Signal, md5Signal, sha1Signal, pdqSignal, vpdqSignal, audioSignal];

/** The signal type stored under `name`, or undefined. */
export function signalType(name: string): SignalType<unknown> | undefined {
  return signalTypes.find((s) => s.name === name);
}

/** The signal types that can be computed from this kind of content. */
export function signalTypesFor(contentType: ContentType): SignalType<unknown>[] {
  return signalTypes.filter((s) => s.contentTypes.includes(contentType));
}
