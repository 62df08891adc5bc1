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
  'document.notFound': { ru: 'Документ {id} не найден', en: 'document {id} not found' },
} satisfies MessageTable;
