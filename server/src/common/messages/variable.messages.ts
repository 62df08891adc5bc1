import type { MessageTable } from './message.types.js';

/** Messages about process variables written from outside. */
export const variableMessages = {
  'variables.reserved': {
    ru: 'Переменные {names} задаёт сам сервер: их нельзя записать завершением задачи, сообщением, сигналом или изменением переменных. Ничего не записано.',
    en: 'reserved variable(s) {names} cannot be written by a task completion, a message, a signal or set-variables; nothing was written',
  },
} satisfies MessageTable;
