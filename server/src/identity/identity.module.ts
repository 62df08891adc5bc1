import { Module } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccessService } from './access.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { IdentityImportController } from './import/identity-import.controller.js';
import { IdentityImportService } from './import/identity-import.service.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { OrgAdminService } from './org-admin.service.js';
import { OrgService } from './org.service.js';
import { OrganizationController } from './organization.controller.js';
import { PersonalDataService } from './personal-data.service.js';
import { SessionService } from './session.service.js';
import { TenantController } from './tenant.controller.js';
import { TenantService } from './tenant.service.js';
import { TokenService } from './token.service.js';
import { PersonalDataAccessController, UserController } from './user.controller.js';
import { UserService } from './user.service.js';
import { createValidationPipe } from './validation.pipe.js';
import { VariantCatalogService } from './variant-catalog.service.js';

import { OrganizationStore } from './organization.store.js';
import { UserStore } from './user.store.js';
/**
 * Tenants, organisations, users, memberships, authentication and authorisation. Registers the
 * global authentication guard (every route but `@Public()` ones) and the global validation pipe,
 * and exports the helpers other modules call: {@link AccessService}, {@link OrgService},
 * {@link VariantCatalogService}, {@link TenantService}, {@link PersonalDataService}, and for demo
 * loaders {@link OrgAdminService} and {@link UserService} (called with the superadmin's AuthUser),
 * {@link SessionService} (to end a user's sessions).
 */
@Module({
  controllers: [AuthController, TenantController, OrganizationController, UserController, PersonalDataAccessController, IdentityImportController],
  providers: [
    OrganizationStore,
    UserStore,
    TokenService,
    SessionService,
    LoginRateLimiter,
    AuthService,
    AccessService,
    OrgService,
    OrgAdminService,
    TenantService,
    UserService,
    PersonalDataService,
    VariantCatalogService,
    IdentityImportService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
  exports: [OrganizationStore, UserStore, AccessService, OrgService, VariantCatalogService, TenantService, PersonalDataService, OrgAdminService, UserService, SessionService],
})
export class IdentityModule {}
