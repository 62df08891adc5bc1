import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ArgumentMetadata } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { dtoTextProblem, TEXT_MAX } from '../common/input-limits.js';

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
  return new TextLimitedValidationPipe({
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

/**
 * The validation pipe plus the length limits of `common/input-limits.ts`: every string of a DTO
 * at most `TEXT_MAX` characters unless its field is `@LongText()`, query and path values too.
 */
class TextLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const out: unknown = await super.transform(value, metadata);
    if (metadata.type === 'custom') return out;
    let problem: { path: string; problem: string } | undefined;
    if (typeof out === 'string' && metadata.type !== 'body' && out.length > TEXT_MAX) problem = { path: metadata.data ?? 'значение', problem: `длиннее ${TEXT_MAX} символов` };
    else if (out && typeof out === 'object' && !Array.isArray(out) && Object.getPrototypeOf(out) !== Object.prototype) problem = dtoTextProblem(out);
    if (problem) {
      throw new BadRequestException({ message: `поле ${problem.path} ${problem.problem}`, fields: { [problem.path]: [problem.problem] } });
    }
    return out;
  }
}
