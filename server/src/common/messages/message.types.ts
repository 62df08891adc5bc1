/** A language the server answers in: Russian first, English when the client asks for it. */
export type Language = 'ru' | 'en';

/** One entry of a message table: the text in each language, `{name}` marking a parameter. */
export type MessageText = Record<Language, string>;

/** A table of messages of one area (`task.notFound` → texts); tables are joined in `catalogue.ts`. */
export type MessageTable = Record<string, MessageText>;
