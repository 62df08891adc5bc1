import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error answer (`api-exception.filter.ts`), as the OpenAPI document shows it. */
export class ApiErrorView {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ description: 'what is wrong, in the caller’s language (Russian by default)' }) message!: string;
  @ApiPropertyOptional({ description: 'the catalogue code of the message, e.g. `reassign.userDeactivated`' }) code?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'field → what is wrong with it' })
  fields?: Record<string, string[]>;
}
