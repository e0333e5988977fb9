import { describeStoreContract } from '../store.contract.ts';
import { pgHarness } from './pg-harness.ts';

describeStoreContract('PostgreSQL server', pgHarness);
