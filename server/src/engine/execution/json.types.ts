/** A JSON value: what variables hold and what the state serializes to. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A JSON object: a variable map. */
export type JsonObject = { [key: string]: Json };
