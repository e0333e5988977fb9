// Reading an exchange document (ANSI/NIST-ITL transaction, ISO/IEC 19794-5 record) for display:
// its face records' fields beside their images. Nothing is stored.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fail } from '../../domain/errors.ts';
import type { Services } from '../../services/services.ts';
import { readMultipart, singleFile } from '../multipart.ts';
import { uploadSchema } from '../schemas/common.schemas.ts';

const faceRecordView = z.object({
  idc: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  compression: z.string(),
  featurePoints: z.array(z.object({ type: z.number().int(), code: z.string(), x: z.number(), y: z.number() })),
  fields: z.array(z.object({ tag: z.string(), name: z.string(), value: z.string() })),
  mediaType: z.enum(['image/jpeg', 'image/png']),
  image: z.string().describe('base64'),
});
const exchangeView = z.object({ format: z.string(), skipped: z.array(z.object({ row: z.number().int(), reason: z.string() })), records: z.array(faceRecordView) });

export function exchangeRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/v1/exchange/face-records', { schema: uploadSchema({
    tags: ['exchange'], summary: 'Read an ANSI/NIST-ITL transaction or ISO/IEC 19794-5 record: each face record with its fields and a viewable image; nothing is stored', response: { 200: exchangeView },
    description: 'multipart/form-data: the document in field "file". A malformed one is ABG_ERR_EXCHANGE_MALFORMED naming the field; one without a face ABG_ERR_NO_FACE_RECORD.',
  }) }, async (req) => {
    const body = await readMultipart(req, { maxFiles: 1 });
    const file = singleFile(body, 'file');
    const exchange = s.deps.faceRecords ?? fail('ABG_ERR_EXCHANGE_UNSUPPORTED', 'No exchange-format reader is configured.');
    return exchange.inspect(file.fileName, file.data);
  });
}
