import type { MessageTable } from './message.types.js';

/** Messages of the documents made from the templates a variant declares. */
export const documentsMessages = {
  'document.notDeclared': { ru: 'Документ «{key}» не объявлен в варианте регламента арендатора', en: 'document "{key}" is not declared by the tenant\'s variant' },
  'document.formatNotMade': {
    ru: 'Документ «{key}» не составляется в формате {format}; его форматы: {formats}',
    en: 'document "{key}" is not made as {format} (formats: {formats})',
  },
  'document.formatField': { ru: 'одно из: {formats}', en: 'one of {formats}' },
  'document.templateMissing': {
    ru: 'Шаблон «{template}» документа «{key}» не развёрнут: разверните его вместе с вариантом регламента',
    en: 'the template "{template}" of document "{key}" has not been deployed: deploy it with the variant',
  },
  'document.formatRule': { ru: 'формат: "docx" или "pdf"', en: 'format must be docx or pdf' },
  'documentTemplate.notObject': {
    ru: 'Шаблон документа должен быть JSON-объектом вида { "title", "fields", "table" }',
    en: 'a document template must be a JSON object { title, fields, table? }',
  },
  'documentTemplate.title': { ru: '"title": укажите заголовок документа', en: '"title" must be a non-empty text' },
  'documentTemplate.feelText': { ru: '{at}: нужно выражение FEEL (текстом)', en: '{at} must be a FEEL expression (text)' },
  'documentTemplate.feelError': { ru: '{at}: ошибка в выражении FEEL: {detail}', en: '{at}: {detail}' },
  'documentTemplate.fields': { ru: '"fields": нужен список вида [{ "label", "value" }]', en: '"fields" must be a list of { label, value }' },
  'documentTemplate.fieldLabel': { ru: '{at}: укажите подпись поля', en: '{at} must be a non-empty text' },
  'documentTemplate.table': { ru: '"table": нужен объект вида { "source", "columns" }', en: '"table" must be an object { source, columns }' },
  'documentTemplate.columns': {
    ru: '"table.columns": нужен непустой список вида [{ "header", "value" }]',
    en: 'table.columns must be a non-empty list of { header, value }',
  },
  'documentTemplate.columnHeader': { ru: '{at}: заголовок столбца должен быть текстом', en: '{at} must be text' },
  'document.notFound': { ru: 'Документ {id} не найден', en: 'document {id} not found' },
} satisfies MessageTable;
