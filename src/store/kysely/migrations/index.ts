// Versioned migrations, applied in name order on start. Never edit a released migration; add one.
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-workflows.ts';
import * as m0003 from './0003-audit-log.ts';
import * as m0004 from './0004-media.ts';
import * as m0005 from './0005-objections.ts';
import * as m0006 from './0006-sealed-samples.ts';
import * as m0007 from './0007-blind-review.ts';
import * as m0008 from './0008-releases.ts';
import * as m0009 from './0009-recipient-notices.ts';
import * as m0013 from './0013-face-models.ts';
import * as m0014 from './0014-reembed.ts';
import * as m0015 from './0015-person-notices.ts';
import * as m0016 from './0016-audio-fingerprints.ts';
import * as m0018 from './0018-audit-counters.ts';
import * as m0019 from './0019-change-notices.ts';
import * as m0021 from './0021-objection-recordings.ts';
import * as m0023 from './0023-model-calibrations.ts';
import * as m0024 from './0024-counter-tally-index.ts';
import * as m0025 from './0025-year-and-column-counters.ts';
import * as m0026 from './0026-entry-and-recipient-counters.ts';
import * as m0027 from './0027-hour-counters.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-workflows': m0002,
  '0003-audit-log': m0003,
  '0004-media': m0004,
  '0005-objections': m0005,
  '0006-sealed-samples': m0006,
  '0007-blind-review': m0007,
  '0008-releases': m0008,
  '0009-recipient-notices': m0009,
  '0013-face-models': m0013,
  '0014-reembed': m0014,
  '0015-person-notices': m0015,
  '0016-audio-fingerprints': m0016,
  '0018-audit-counters': m0018,
  '0019-change-notices': m0019,
  '0021-objection-recordings': m0021,
  '0023-model-calibrations': m0023,
  '0024-counter-tally-index': m0024,
  '0025-year-and-column-counters': m0025,
  '0026-entry-and-recipient-counters': m0026,
  '0027-hour-counters': m0027,
};
