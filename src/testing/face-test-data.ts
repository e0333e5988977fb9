// Paths of the shared reference data the face tests read (absent on machines without it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const sharedData = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
export const lfw = `${sharedData}lfw/`;
export const lfwAbsent = !existsSync(`${lfw}pairs.txt`) ? 'shared data not found: ../shared/data/lfw/' : false;
export const lfwImage = (name: string, i: number) => `${lfw}${name}/${name}_${String(i).padStart(4, '0')}.jpg`;
