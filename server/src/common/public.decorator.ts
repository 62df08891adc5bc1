import { SetMetadata } from '@nestjs/common';

/** Metadata key marking a route that needs no authentication. */
export const IS_PUBLIC = 'isPublic';

/** Marks a route as reachable without a token (health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
