import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { AckAlertDto, AlertListView, ListAlertsQuery } from './alert.dto.js';
import { AlertsService } from './alerts.service.js';

/** Overdue alerts for supervisors of the ancestor organisations. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(@Inject(AlertsService) private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({ summary: 'Overdue tasks and stages, and open tasks whose assignee is deactivated or gone (`assignee-inactive`), in the subtrees the caller supervises, with counts by organisation and by stage' })
  @ApiOkResponse({ type: AlertListView })
  list(@CurrentUser() user: AuthUser, @Query() q: ListAlertsQuery): Promise<AlertListView> {
    return this.alerts.list(user, q);
  }

  @Post('ack')
  @HttpCode(201)
  @ApiOperation({ summary: 'Acknowledge an alert with a comment (kept in alert_ack and in the instance history)' })
  ack(@CurrentUser() user: AuthUser, @Body() body: AckAlertDto) {
    return this.alerts.acknowledge(user, body);
  }
}
