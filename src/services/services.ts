// All services over one set of dependencies: what the API and the CLI call.
import { AgencyService } from './agency.service.ts';
import { AuthService } from './auth.service.ts';
import type { ServiceDeps } from './deps.ts';
import { GalleryService } from './gallery.service.ts';
import { TokenService } from './token.service.ts';
import { UserService } from './user.service.ts';

export interface Services {
  deps: ServiceDeps;
  auth: AuthService;
  agencies: AgencyService;
  users: UserService;
  tokens: TokenService;
  galleries: GalleryService;
}

export function createServices(deps: ServiceDeps): Services {
  return {
    deps,
    auth: new AuthService(deps),
    agencies: new AgencyService(deps),
    users: new UserService(deps),
    tokens: new TokenService(deps),
    galleries: new GalleryService(deps),
  };
}
