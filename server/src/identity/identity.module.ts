import { Module } from '@nestjs/common';

/** Tenants, organisations, users, memberships, authentication and authorisation. */
@Module({})
export class IdentityModule {}
