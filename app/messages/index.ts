/** The engine's sentences as message ids with parameters, and their English and German catalogs. */
export { commaList, english, formatMessage, isMessageLanguage, knownIssueMessage, localList, localText, message, messageCatalogs, saidParam, semicolonList, spaceList, texts } from './format';
export type { MessageLanguage } from './format';
export type { Catalog, MessageId } from './ids';
export type { FieldMessages, MessageParam, MessageRef, Template } from './message';
export { managerWords, searchStepKey, searchStepWords } from './search-steps';
