/**
 * The order of names in every generated list: English collation whatever the machine's locale.
 * `localeCompare` without a locale follows the process's (LANG, LC_ALL), so the same blueprint could give
 * other YAML on another machine: Danish, for one, sorts "aa" after "z".
 */
export const compareNames: (a: string, b: string) => number = new Intl.Collator('en').compare;
