// Names for the API's shapes, taken from the generated schema so they never drift.
import type { paths } from './schema.d.ts';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type Me = Json<paths['/v1/me']['get']['responses'][200]>;
export type User = Me;
export type Role = User['roles'][number];
export type Agency = Json<paths['/v1/agencies/{id}']['get']['responses'][200]>;
export type Gallery = Json<paths['/v1/galleries/{id}']['get']['responses'][200]>;
export type NewGallery = NonNullable<paths['/v1/galleries']['post']['requestBody']>['content']['application/json'];
export type Token = Json<paths['/v1/tokens/{id}']['delete']['responses'][200]>;
export type IssuedToken = Json<paths['/v1/tokens']['post']['responses'][201]>;
export type CreatedAgency = Json<paths['/v1/agencies']['post']['responses'][201]>;

export const allRoles: readonly Role[] = ['admin', 'operator', 'examiner', 'owner-officer', 'auditor'];
export const galleryKinds: readonly Gallery['kind'][] = ['face', 'media'];
export const disagreementRules: readonly Agency['onDisagreement'][] = ['third-examiner', 'inconclusive'];
export type SearchAnswer = Json<paths['/v1/searches']['post']['responses'][200]>;
export type Quality = SearchAnswer['probeQuality'];
export type Hit = Json<paths['/v1/hits/{id}']['get']['responses'][200]>;
export type Disclosure = Json<paths['/v1/disclosures/{id}']['get']['responses'][200]>;
export type CoreDataAnswer = Json<paths['/v1/disclosures/{id}/core-data']['get']['responses'][200]>;
export type EnrollAnswer = Json<paths['/v1/galleries/{id}/enrollments']['post']['responses'][200]>;
export type EnrollResult = EnrollAnswer['results'][number];
export type Agreement = Json<paths['/v1/agreements/{id}']['get']['responses'][200]>;
export type Checkpoint = Json<paths['/v1/log/checkpoint']['get']['responses'][200]>;
export type VerifyAnswer = Json<paths['/v1/verifications']['post']['responses'][200]>;
export type Subject = Json<paths['/v1/galleries/{id}/subjects']['get']['responses'][200]>['subjects'][number];
export type Erasure = Json<paths['/v1/subjects/{id}']['delete']['responses'][200]>;
export type Sample = Json<paths['/v1/subjects/{id}/samples']['get']['responses'][200]>['samples'][number];
export type RecipientNotice = Json<paths['/v1/recipient-notices']['get']['responses'][200]>['notices'][number];
export type Notification = Json<paths['/v1/notifications']['get']['responses'][200]>['notifications'][number];
export type Objection = Json<paths['/v1/objections']['get']['responses'][200]>['objections'][number];
export type ObjectionDetail = Json<paths['/v1/objections/{id}']['get']['responses'][200]>;
export type FiledObjection = Json<paths['/v1/objections']['post']['responses'][201]>;
export type ReachAnswer = Json<paths['/v1/objections/{id}/reach']['post']['responses'][200]>;
export type HashSet = Json<paths['/v1/hashsets']['get']['responses'][200]>['hashSets'][number];
export type HashSetImport = Json<paths['/v1/hashsets']['post']['responses'][200]>;
export type FaceGeometry = SearchAnswer['probeFace'];
export type HitFaces = Json<paths['/v1/hits/{id}/faces']['get']['responses'][200]>;
export type LogPage = Json<paths['/v1/log/entries']['get']['responses'][200]>;
export type LogItem = LogPage['entries'][number];
export type StatisticsRow = Extract<Json<paths['/v1/log/statistics']['get']['responses'][200]>, { rows: unknown }>['rows'][number];
export type FaceModel = Json<paths['/v1/models']['get']['responses'][200]>['models'][number];
