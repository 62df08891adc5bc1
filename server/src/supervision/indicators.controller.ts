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
  @ApiOperation({ summary: 'Indicators the tenant’s variants declare over an organisation subtree and a period (`period`: calendar or school year; or `from`/`to`): shares (numerator ÷ denominator, distinct people, instances or organisations), counts and sums, with the declared breakdown by the organisations of a level' })
  @ApiOkResponse({ type: IndicatorListView })
  list(@CurrentUser() user: AuthUser, @Query() q: IndicatorsQuery): Promise<IndicatorListView> {
    return this.indicators.compute(user, q);
  }

  @Get('export')
  @ApiOperation({ summary: 'The same indicators as an XLSX workbook or a CSV file (UTF-8 with BOM, “;”): one row per indicator, then one per organisation of its breakdown' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentUser() user: AuthUser, @Query() q: IndicatorsExportQuery, @Res() res: Response): Promise<void> {
    const { items, periodTitle } = await this.indicators.compute(user, q);
    if (q.format === 'csv') {
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="indicators.csv"' });
      res.send(indicatorsCsv(items));
      return;
    }
    res.set({
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': 'attachment; filename="indicators.xlsx"',
    });
    res.send(await indicatorsXlsx(items, `Показатели: ${periodTitle}`));
  }
}
