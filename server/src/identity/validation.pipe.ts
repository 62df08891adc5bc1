import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** Flattens class-validator errors into `field path → messages` (`memberships.0.role`). */
export function fieldErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out[path] = Object.values(e.constraints);
    if (e.children?.length) Object.assign(out, fieldErrors(e.children, path));
  }
  return out;
}

/**
 * The application's validation pipe (registered as APP_PIPE by the identity module): strips
 * unknown properties, converts types, and answers invalid input with a 400 whose message names
 * the fields and whose `fields` maps each field to its messages.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      const message = `invalid fields: ${Object.entries(fields)
        .map(([f, m]) => `${f} (${m.join('; ')})`)
        .join(', ')}`;
      return new BadRequestException({ message, fields });
    },
  });
}
