import { describeStoreContract } from '../store.contract.ts';
import { pgHarness } from '../../testing/pg-harness.ts';

describeStoreContract('PostgreSQL server', pgHarness);
