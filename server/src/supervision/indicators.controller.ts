import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { indicatorsCsv, indicatorsXlsx } from './indicator-export.js';
import { IndicatorListView, IndicatorsExportQuery, IndicatorsQuery } from './indicator.dto.js';
import { IndicatorsService } from './indicators.service.js';

/** The regulations' indicators, computed from process data. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('indicators')
export class IndicatorsController {
  constructor(@Inject(IndicatorsService) private readonly indicators: IndicatorsService) {}

  @Get()
  @ApiOperation({ summary: 'Indicators the tenant’s variants declare, as numerator ÷ denominator over an organisation subtree and a period' })
  @ApiOkResponse({ type: IndicatorListView })
  list(@CurrentUser() user: AuthUser, @Query() q: IndicatorsQuery): Promise<IndicatorListView> {
    return this.indicators.compute(user, q);
  }

  @Get('export')
  @ApiOperation({ summary: 'The same indicators as an XLSX workbook or a CSV file (UTF-8 with BOM, “;”)' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentUser() user: AuthUser, @Query() q: IndicatorsExportQuery, @Res() res: Response): Promise<void> {
    const { items, from, to } = await this.indicators.compute(user, q);
    const period = `${from?.slice(0, 10) ?? '…'}–${to?.slice(0, 10) ?? '…'}`;
    if (q.format === 'csv') {
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="indicators.csv"' });
      res.send(indicatorsCsv(items));
      return;
    }
    res.set({
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': 'attachment; filename="indicators.xlsx"',
    });
    res.send(await indicatorsXlsx(items, `Показатели за период ${period}`));
  }
}
