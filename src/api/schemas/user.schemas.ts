import { z } from 'zod';
import { roles } from '../../domain/roles.ts';
import { agencyRecord, isoTime } from './common.schemas.ts';

const role = z.enum(roles);

export const userSchema = z.object({
  ...agencyRecord,
  name: z.string(),
  roles: z.array(role),
  disabled: z.boolean(),
  createdAt: isoTime,
});

export const createUserBody = z.object({
  agencyId: z.string().optional().describe('Defaults to your own agency'),
  name: z.string().trim().min(1).max(200),
  roles: z.array(role).min(1),
});

export const updateUserBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  roles: z.array(role).min(1).optional(),
  disabled: z.boolean().optional(),
});
