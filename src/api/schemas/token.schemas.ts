import { z } from 'zod';
import { isoTime } from './common.schemas.ts';

export const tokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  label: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
});

export const issueTokenBody = z.object({
  userId: z.string().optional().describe('Defaults to yourself'),
  label: z.string().trim().min(1).max(200),
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional().describe('Omit or null for no expiry'),
});

export const issuedTokenSchema = z.object({
  token: z.string().describe('The secret token, shown only in this response'),
  record: tokenSchema,
});
