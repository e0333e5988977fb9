/** True when web/dist is missing or older than any UI source file. */
export function webBuildIsStale(): boolean;
/** Runs `vite build` with web/vite.config.ts; throws when it fails. */
export function buildWeb(): void;
/** True when Vite is installed (it is a development dependency). */
export function canBuildWeb(): boolean;
