import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrorView } from '../../common/api-error.dto.js';
import { StartSubjectListView } from './instance.dto.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { StartSubjectsService } from './start-subjects.service.js';

/** Whom the caller may start a process about (the start page's picker). */
@ApiTags('process-instances')
@ApiBearerAuth()
@Controller('process-definitions')
export class StartSubjectsController {
  constructor(@Inject(StartSubjectsService) private readonly subjects: StartSubjectsService) {}

  @Get(':id/subjects')
  @ApiOperation({
    summary: 'The people the caller may start this process about (`subjectId`): role holders of the organisations where the caller may start it, and below; `q` filters by name',
  })
  @ApiQuery({ name: 'q', required: false, description: 'every word must occur in the person’s name' })
  @ApiOkResponse({ type: StartSubjectListView })
  @ApiNotFoundResponse({ type: ApiErrorView, description: 'no such process definition in the caller’s tenant' })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query('q') q?: string) {
    return this.subjects.list(user, id, typeof q === 'string' ? q.slice(0, 200) : undefined);
  }
}
