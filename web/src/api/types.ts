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
export type SearchAnswer = Json<paths['/v1/searches']['post']['responses'][200]>;
export type Quality = SearchAnswer['probeQuality'];
export type Hit = Json<paths['/v1/hits/{id}']['get']['responses'][200]>;
export type Disclosure = Json<paths['/v1/disclosures/{id}']['get']['responses'][200]>;
export type CoreDataAnswer = Json<paths['/v1/disclosures/{id}/core-data']['get']['responses'][200]>;
export type EnrollAnswer = Json<paths['/v1/galleries/{id}/enrollments']['post']['responses'][200]>;
export type EnrollResult = EnrollAnswer['results'][number];
export type Agreement = Json<paths['/v1/agreements/{id}']['get']['responses'][200]>;
export type Checkpoint = Json<paths['/v1/log/checkpoint']['get']['responses'][200]>;
