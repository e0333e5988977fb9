// Which ANSI/NIST-ITL Type-2 field fills which core data field on enrollment (and, reversed, on a
// disclosure transaction); the configuration's exchangeFieldMapping replaces the default.
import type { CoreData } from '../domain/workflow.ts';

/** Type-2 field tag → core data field. */
export type ExchangeFieldMapping = Record<string, keyof CoreData>;

/** EBTS tags: NAM, DOB, SEX, CTZ (citizenship), RFP (reason fingerprinted). */
export const defaultExchangeFieldMapping: ExchangeFieldMapping = { '2.018': 'name', '2.022': 'dateOfBirth', '2.024': 'sex', '2.021': 'nationality', '2.037': 'reasonOfCapture' };
