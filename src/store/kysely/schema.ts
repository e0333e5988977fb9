// Table types for Kysely. Times are ISO 8601 text, booleans 0/1 integers and lists JSON text,
// so that both dialects store the same values.

export interface AgenciesTable {
  id: string;
  name: string;
  country: string | null;
  is_host: number;
  created_at: string;
}

export interface UsersTable {
  id: string;
  agency_id: string;
  name: string;
  roles: string;
  disabled: number;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  label: string;
  digest: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface GalleriesTable {
  id: string;
  agency_id: string;
  name: string;
  kind: string;
  legal_basis: string;
  purposes: string;
  retention_days: number;
  model_id: string | null;
  created_at: string;
}

export interface Database {
  agencies: AgenciesTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  galleries: GalleriesTable;
}
