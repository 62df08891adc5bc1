import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { CurrentUser } from '../../identity/current-user.decorator.js';
import { BroadcastSignalCommand } from '../commands/broadcast-signal.command.js';
import { CorrelateMessageCommand } from '../commands/correlate-message.command.js';
import { BroadcastSignalDto, CorrelateMessageDto } from './instance.dto.js';

/** Messages (correlated by name and key; message start events start instances) and signals. */
@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessageController {
  constructor(
    @Inject(CorrelateMessageCommand) private readonly correlateMessage: CorrelateMessageCommand,
    @Inject(BroadcastSignalCommand) private readonly broadcastSignal: BroadcastSignalCommand,
  ) {}

  @Post('messages')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a message: it reaches every waiting instance with that name and correlation key, else starts processes by their message start' })
  async correlate(@CurrentUser() user: AuthUser, @Body() body: CorrelateMessageDto) {
    return { correlated: await this.correlateMessage.execute({ user, dto: body }) };
  }

  @Post('signals')
  @HttpCode(200)
  @ApiOperation({ summary: 'Broadcast a signal to every waiting signal catch and signal start of the tenant' })
  async broadcast(@CurrentUser() user: AuthUser, @Body() body: BroadcastSignalDto) {
    return { delivered: await this.broadcastSignal.execute({ user, dto: body }) };
  }
}
