/** A catalog with exactly the keys of another, every leaf a string: German must match English. */
export type CatalogShape<T> = { readonly [K in keyof T]: T[K] extends string ? string : CatalogShape<T[K]> };
