import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ArgumentMetadata } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { fieldProblem } from '../common/input-guard.middleware.js';
import { dtoTextProblem, TEXT_MAX } from '../common/input-limits.js';
import type { TextProblem } from '../common/input-limits.js';
import { fromRuleMessage, msg } from '../common/messages/message-catalogue.js';
import type { LocalizedMessage, MessageKey } from '../common/messages/message-catalogue.js';

/** class-validator constraints the catalogue words in Russian (their English text is class-validator's own). */
const CONSTRAINTS: Record<string, MessageKey> = {
  isUuid: 'validation.isUuid',
  isString: 'validation.isString',
  isInt: 'validation.isInt',
  isNumber: 'validation.isNumber',
  isBoolean: 'validation.isBoolean',
  isBooleanString: 'validation.isBooleanString',
  min: 'validation.min',
  max: 'validation.max',
  isIn: 'validation.isIn',
  isNotEmpty: 'validation.isNotEmpty',
  isEmail: 'validation.isEmail',
  isDateString: 'validation.isDateString',
  isIso8601: 'validation.isDateString',
  isArray: 'validation.isArray',
  isObject: 'validation.isObject',
  whitelistValidation: 'validation.whitelist',
  minLength: 'validation.minLength',
  maxLength: 'validation.maxLength',
  arrayMinSize: 'validation.arrayMinSize',
  arrayMaxSize: 'validation.arrayMaxSize',
  isDate: 'validation.isDate',
  matches: 'validation.matches',
  isBase64: 'validation.isBase64',
};

/**
 * One failed constraint as a catalogue message: the DTO's own (`ruleMessage`), or the
 * constraint's (the limit or the allowed values read from class-validator's text).
 */
function constraintMessage(name: string, text: string): LocalizedMessage {
  const rule = fromRuleMessage(text);
  if (rule) return rule;
  const key = CONSTRAINTS[name] ?? 'validation.other';
  // "… 300", "… 8 characters", "… 1 elements"
  const limit = /(-?\d+(?:\.\d+)?)(?:\s+(?:characters|elements))?\s*$/.exec(text)?.[1];
  const values = /: (.*)$/.exec(text)?.[1];
  return msg(key, { detail: text, limit, values });
}

/** Flattens class-validator errors into `field path → messages` (`memberships.0.role`). */
export function fieldErrors(errors: ValidationError[], prefix = ''): Record<string, LocalizedMessage[]> {
  const out: Record<string, LocalizedMessage[]> = {};
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out[path] = Object.entries(e.constraints).map(([name, text]) => constraintMessage(name, text));
    if (e.children?.length) Object.assign(out, fieldErrors(e.children, path));
  }
  return out;
}

/**
 * The application's validation pipe (registered as APP_PIPE by the identity module): strips
 * unknown properties, converts types, and answers invalid input with a 400 whose message names
 * the fields and whose `fields` maps each field to its messages (in the caller's language).
 */
export function createValidationPipe(): ValidationPipe {
  return new TextLimitedValidationPipe({
    whitelist: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      const message = msg('validation.invalidFields', {
        fields: Object.entries(fields).map(([field, problems]) => msg('validation.field', { field, problems })),
      });
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
    let problem: TextProblem | undefined;
    if (typeof out === 'string' && metadata.type !== 'body' && out.length > TEXT_MAX) problem = { path: metadata.data ?? '', kind: 'tooLong', limit: TEXT_MAX };
    else if (out && typeof out === 'object' && !Array.isArray(out) && Object.getPrototypeOf(out) !== Object.prototype) problem = dtoTextProblem(out);
    if (problem) throw fieldProblem(problem);
    return out;
  }
}
